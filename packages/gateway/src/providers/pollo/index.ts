import { ProviderCallError } from "../../core/errors.ts";
import type { z } from "zod";
import type { InboundCallback, PollResult, ProviderAdapter, ProviderCallContext } from "../provider.ts";
import { callProvider, readProviderJson, readProviderText } from "../shared/call-provider.ts";
import { parseProviderResponse } from "../shared/parse-response.ts";
import {
  isSuccessCode,
  parsePolloTask,
  POLLO_DEFAULT_BASE_URL,
  POLLO_KEY_VARIABLE,
  polloBalanceDataSchema,
  polloCreateDataSchema,
  polloEnvelopeSchema,
  polloStatusDataSchema,
  unwrapPolloData,
  type PolloTask,
} from "./api.ts";
import { checkPolloCallback } from "./callback.ts";
import { polloCallError, polloErrorReader, reclassifyPolloError } from "./errors.ts";
import { mapPolloRequest, PolloRequestError, type PolloCreateCall } from "./map-request.ts";
import { mapPolloStatus, POLLO_POLL_AFTER_MS } from "./map-status.ts";
import { foreignTask, missingKeyError } from "../shared/adapter-errors.ts";
import { checkKeyWith } from "../shared/key-check.ts";

export { polloModels } from "./models.ts";
export { POLLO_DEFAULT_BASE_URL, POLLO_KEY_VARIABLE, type PolloTask } from "./api.ts";

export interface PolloProviderOptions {
  /** The Pollo platform API key (`x-api-key`); without it the provider is unavailable. */
  apiKey?: string;
  /** Defaults to `https://pollo.ai/api/platform`; a fake's URL in tests and sandbox mode. */
  baseUrl?: string;
  /** The webhook signing secret from Pollo's dashboard, base64 as handed out; callbacks are checked only with it. */
  webhookSecret?: string;
}

const PROVIDER = "pollo";

/**
 * Pollo's platform API (shared/providers/pollo.md): Sora 2 and Veo on the legacy routes (v1 for a
 * last frame), polled on the documented legacy status path. Pollo has no cancel and does not
 * deduplicate creates, so `idempotentStart` is false and a create is sent once per call.
 */
export function createPolloProvider(options: PolloProviderOptions): ProviderAdapter {
  const apiKey = options.apiKey === undefined || options.apiKey.trim() === "" ? undefined : options.apiKey.trim();
  const baseUrl = (options.baseUrl ?? POLLO_DEFAULT_BASE_URL).replace(/\/+$/, "");
  const webhookSecret = options.webhookSecret?.trim() || undefined;
  const secrets = [apiKey];

  /** The key, or a refusal that certainly sent nothing. */
  function requireKey(): string {
    if (apiKey !== undefined) return apiKey;
    throw missingKeyError("pollo", POLLO_KEY_VARIABLE);
  }

  /**
   * One call, unwrapped: non-2xx answers and error envelopes inside HTTP 200 both become
   * Pollo-classified `ProviderCallError`s; a success yields the envelope's `data`.
   */
  async function call<T>(
    path: string,
    init: RequestInit,
    schema: z.ZodType<T>,
    context: ProviderCallContext,
  ): Promise<T> {
    const key = requireKey();
    const headers = { Accept: "application/json", ...(init.headers as Record<string, string> | undefined) };
    let response: Response;
    try {
      response = await callProvider({
        provider: PROVIDER,
        credentialsHint: POLLO_KEY_VARIABLE,
        errors: polloErrorReader,
        secrets,
        url: baseUrl + path,
        init: { ...init, headers: { ...headers, "x-api-key": key } },
        signal: context.signal,
        fetch: context.fetch,
        nowMs: context.clock.now(),
      });
    } catch (error) {
      throw reclassifyPolloError(error, secrets);
    }
    const text = await readProviderText(response.clone(), PROVIDER, secrets);
    const body = await readProviderJson(response, PROVIDER, secrets);
    const envelope = polloEnvelopeSchema.safeParse(body);
    if (envelope.success && !isSuccessCode(envelope.data.code)) {
      throw (
        polloCallError(response.status, text, secrets) ??
        new ProviderCallError(`pollo answered with error code ${String(envelope.data.code)}.`, {
          kind: "bad_request",
          retryable: false,
          delivery: "answered",
          status: response.status,
        })
      );
    }
    return parseProviderResponse(schema, unwrapPolloData(body), PROVIDER, secrets);
  }

  return {
    id: PROVIDER,
    // Pollo has no idempotency key: a re-sent create is a second, separately billed task.
    idempotentStart: false,
    unavailableReason: () =>
      apiKey === undefined ? `Pollo needs an API key: set ${POLLO_KEY_VARIABLE} to a key from pollo.ai.` : null,

    async start(request, context) {
      requireKey();
      let create: PolloCreateCall;
      try {
        create = await mapPolloRequest(request, context.spec, context.images, context.callbackUrl);
      } catch (error) {
        if (!(error instanceof PolloRequestError)) throw error;
        throw new ProviderCallError(error.message, { kind: "bad_request", retryable: false, delivery: "not_sent" });
      }
      const created = await call(
        create.path,
        { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(create.body) },
        polloCreateDataSchema,
        context,
      );
      const task = parsePolloTask({ taskId: created.taskId, api: create.api, route: create.route });
      if (task === null) {
        // Something was created that Reelay cannot poll: not safe to send again.
        throw new ProviderCallError("pollo answered with a task id Reelay cannot use.", {
          kind: "bad_response",
          retryable: false,
          delivery: "unknown",
        });
      }
      return { task: { ...task } satisfies PolloTask, warnings: [], pollAfterMs: POLLO_POLL_AFTER_MS };
    },

    async poll(task, context): Promise<PollResult> {
      const parsed = parsePolloTask(task);
      if (parsed === null) return foreignTask("a Pollo task");
      // The documented status path, for v1 tasks too. unverified: whether a v1-only
      // `/v1/generation/{taskId}/status` exists and is needed for v1 tasks.
      const data = await call(
        `/generation/${encodeURIComponent(parsed.taskId)}/status`,
        { method: "GET" },
        polloStatusDataSchema,
        context,
      );
      return mapPolloStatus(data);
    },

    // The documented balance endpoint: read-only, and it shows what the key can still spend.
    checkKey: (context) =>
      checkKeyWith(async () => {
        const balance = await call("/credit/balance", { method: "GET" }, polloBalanceDataSchema, context);
        const total = balance.totalCredits === undefined ? "" : ` of ${balance.totalCredits}`;
        return `${balance.availableCredits}${total} credits available`;
      }),

    upstreamId: (task) => parsePolloTask(task)?.taskId ?? null,
    ...(webhookSecret === undefined
      ? {}
      : { parseCallback: (callback: InboundCallback) => checkPolloCallback(callback, webhookSecret) }),
  };
}
