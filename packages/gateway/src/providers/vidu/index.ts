import { ProviderCallError } from "../../core/errors.ts";
import type { CancelResult, InboundCallback, ProviderAdapter, ProviderCallContext } from "../provider.ts";
import { callProvider, readProviderJson } from "../shared/call-provider.ts";
import { parseProviderResponse } from "../shared/parse-response.ts";
import {
  exactTaskId,
  parseViduTask,
  VIDU_DEFAULT_BASE_URL,
  VIDU_KEY_VARIABLE,
  viduCreateResponseSchema,
  viduErrorOf,
  viduErrorReader,
  viduStatusResponseSchema,
  type ViduTask,
} from "./api.ts";
import { checkViduCallback } from "./callback.ts";
import { mapViduRequest, ViduRequestError, type ViduCreateCall } from "./map-request.ts";
import { mapViduStatus, VIDU_FIRST_POLL_MS } from "./map-status.ts";
import { checkViduProviderOptions, viduProviderOptionValues } from "./provider-options.ts";
import { foreignTask, missingKeyError } from "../shared/adapter-errors.ts";
import { checkKeyWith, isAnsweredWith } from "../shared/key-check.ts";

export { viduModels } from "./models.ts";
export { VIDU_DEFAULT_BASE_URL, VIDU_KEY_VARIABLE, type ViduTask } from "./api.ts";

export interface ViduProviderOptions {
  /** The API key sent as `Authorization: Token <key>`; without it the provider is unavailable. */
  apiKey?: string;
  /** Defaults to `https://api.vidu.com/ent/v2`; a fake's URL in tests and sandbox mode. */
  baseUrl?: string;
}

const PROVIDER = "vidu";
/**
 * A task id no task has, for the key probe. Vidu documents no account or balance endpoint, so the
 * probe reads this task's creations: a token Vidu accepts gets 404 `TaskNotFound`, one it refuses
 * 401 `Unauthorized`. unverified: that Vidu checks the token before looking the task up.
 */
const PROBE_TASK_ID = "0";

/**
 * The Vidu adapter (shared/providers/vidu.md). Vidu does not deduplicate creates and offers no
 * lookup by `payload`, so a create of unknown outcome cannot be reconciled: `idempotentStart` is
 * false and each `start` sends exactly one create.
 */
export function createViduProvider(options: ViduProviderOptions): ProviderAdapter {
  const apiKey = options.apiKey === undefined || options.apiKey.trim() === "" ? undefined : options.apiKey.trim();
  const baseUrl = (options.baseUrl ?? VIDU_DEFAULT_BASE_URL).replace(/\/+$/, "");
  const secrets = [apiKey];

  async function call(path: string, init: RequestInit, context: ProviderCallContext): Promise<Response> {
    if (apiKey === undefined) throw missingKeyError(PROVIDER, VIDU_KEY_VARIABLE);
    return callProvider({
      provider: PROVIDER,
      url: `${baseUrl}${path}`,
      init: {
        ...init,
        // The scheme word is literally `Token`; `Bearer` is refused with 401.
        headers: { Authorization: `Token ${apiKey}`, Accept: "application/json", "Content-Type": "application/json" },
      },
      fetch: context.fetch,
      signal: context.signal,
      secrets,
      errors: viduErrorReader,
      credentialsHint: VIDU_KEY_VARIABLE,
      nowMs: context.clock.now(),
    });
  }

  const taskPath = (task: ViduTask) => `/tasks/${encodeURIComponent(task.taskId)}`;

  return {
    id: "vidu",
    idempotentStart: false,
    checkProviderOptions: checkViduProviderOptions,
    providerOptionValues: viduProviderOptionValues,
    unavailableReason: () =>
      apiKey === undefined ? `Vidu needs an API key: set ${VIDU_KEY_VARIABLE} to a key from platform.vidu.com.` : null,

    async start(request, context) {
      if (apiKey === undefined) throw missingKeyError(PROVIDER, VIDU_KEY_VARIABLE);
      let create: ViduCreateCall;
      try {
        create = await mapViduRequest(request, context.spec, context.images, context.jobId, context.callbackUrl);
      } catch (error) {
        if (!(error instanceof ViduRequestError)) throw error;
        throw new ProviderCallError(error.message, { kind: "bad_request", retryable: false, delivery: "not_sent" });
      }
      const response = await call(create.endpoint, { method: "POST", body: JSON.stringify(create.body) }, context);
      // The raw text is kept in case `task_id` arrives as a number that JSON.parse has rounded.
      const rawText = await response
        .clone()
        .text()
        .catch(() => "");
      const created = parseProviderResponse(
        viduCreateResponseSchema,
        await readProviderJson(response, PROVIDER, secrets),
        PROVIDER,
        secrets,
      );
      const taskId = exactTaskId(created.task_id, rawText);
      if (taskId === null) {
        // A task exists that Reelay cannot address: sending the create again would bill twice.
        throw new ProviderCallError("vidu answered with a task id Reelay cannot read exactly.", {
          kind: "bad_response",
          retryable: false,
          delivery: "unknown",
        });
      }
      const task: ViduTask = {
        taskId,
        endpoint: create.endpoint,
        model: create.body.model,
        createdAtMs: context.clock.now(),
      };
      return { task: { ...task }, warnings: create.warnings, pollAfterMs: VIDU_FIRST_POLL_MS };
    },

    async poll(task, context) {
      const parsed = parseViduTask(task);
      if (parsed === null) return foreignTask("a Vidu task");
      const response = await call(`${taskPath(parsed)}/creations`, { method: "GET" }, context);
      const body = await readProviderJson(response, PROVIDER, secrets);
      const status = parseProviderResponse(viduStatusResponseSchema, body, PROVIDER, secrets);
      return mapViduStatus(status, context.clock.now() - parsed.createdAtMs);
    },

    async cancel(task, context): Promise<CancelResult> {
      const parsed = parseViduTask(task);
      if (parsed === null) return { upstream: "not_cancellable", reason: "the stored task is not a Vidu task" };
      try {
        // Only a `created` or `queueing` task can be cancelled; the body repeats the id.
        const response = await call(
          `${taskPath(parsed)}/cancel`,
          { method: "POST", body: JSON.stringify({ id: parsed.taskId }) },
          context,
        );
        await response.body?.cancel().catch(() => undefined);
        return { upstream: "cancelled" };
      } catch (error) {
        // Vidu's own 400 ("task state is scheduled, can not cancel") or 404: the task runs on, or
        // is unknown; either way nothing more can be done upstream. Auth, 429 and 5xx are thrown.
        const refused = error instanceof ProviderCallError && [400, 404, 409].includes(error.status ?? 0);
        const refusal = refused ? viduErrorOf(error.redactedBody) : null;
        if (refusal === null) throw error;
        return { upstream: "not_cancellable", reason: `Vidu ${refusal.reason}: ${refusal.message ?? "no details"}` };
      }
    },

    checkKey: (context) =>
      checkKeyWith(async () => {
        try {
          const response = await call(`/tasks/${PROBE_TASK_ID}/creations`, { method: "GET" }, context);
          await response.body?.cancel().catch(() => undefined);
        } catch (error) {
          const refusal = isAnsweredWith(error, [404]) ? viduErrorOf(error.redactedBody) : null;
          if (refusal === null) throw error;
          return `Vidu answered ${refusal.reason} for a probe task, past authentication`;
        }
        return "Vidu answered the probe task";
      }),

    upstreamId: (task) => parseViduTask(task)?.taskId ?? null,
    // Vidu signs callbacks with the API token that created the task, so the key verifies them.
    ...(apiKey === undefined
      ? {}
      : { parseCallback: (callback: InboundCallback) => checkViduCallback(callback, apiKey) }),
  };
}
