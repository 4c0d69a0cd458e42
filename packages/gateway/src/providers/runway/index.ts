import { ProviderCallError } from "../../core/errors.ts";
import type { CancelResult, ProviderAdapter, ProviderCallContext } from "../provider.ts";
import { callProvider, readProviderJson } from "../shared/call-provider.ts";
import { parseProviderResponse } from "../shared/parse-response.ts";
import {
  parseRunwayTask,
  RUNWAY_API_VERSION,
  RUNWAY_DEFAULT_BASE_URL,
  RUNWAY_KEY_VARIABLE,
  runwayCreateResponseSchema,
  runwayErrorBodySchema,
  runwayErrorReader,
  runwayOrganizationResponseSchema,
  runwayTaskResponseSchema,
  type RunwayTask,
} from "./api.ts";
import { mapRunwayRequest, RunwayRequestError, type RunwayCreateCall } from "./map-request.ts";
import { mapRunwayTask, RUNWAY_POLL_AFTER_MS } from "./map-status.ts";
import { foreignTask, missingKeyError } from "../shared/adapter-errors.ts";
import { checkKeyWith } from "../shared/key-check.ts";

export { runwayModels } from "./models.ts";
export { RUNWAY_API_VERSION, RUNWAY_DEFAULT_BASE_URL, RUNWAY_KEY_VARIABLE, type RunwayTask } from "./api.ts";

export interface RunwayProviderOptions {
  /** The organisation's API secret (`key_…`); without it the provider is unavailable. */
  apiKey?: string;
  /** Defaults to `https://api.dev.runwayml.com`; a fake's URL in tests and sandbox mode. */
  baseUrl?: string;
}

const PROVIDER = "runway";

/** A 404 that carries Runway's own error body: the task is gone (deleted), not a wrong URL. */
function isRunwayNotFound(error: unknown): boolean {
  if (!(error instanceof ProviderCallError) || error.status !== 404) return false;
  try {
    return runwayErrorBodySchema.safeParse(JSON.parse(error.redactedBody ?? "")).success;
  } catch {
    return false;
  }
}

/**
 * The Runway adapter (shared/providers/runway.md). Creates are not deduplicated by Runway, so
 * `idempotentStart` is false and a create is sent exactly once per call; the caller decides.
 */
export function createRunwayProvider(options: RunwayProviderOptions): ProviderAdapter {
  const apiKey = options.apiKey === undefined || options.apiKey.trim() === "" ? undefined : options.apiKey;
  const baseUrl = (options.baseUrl ?? RUNWAY_DEFAULT_BASE_URL).replace(/\/+$/, "");
  const secrets = [apiKey];

  async function call(path: string, init: RequestInit, context: ProviderCallContext): Promise<Response> {
    if (apiKey === undefined) throw missingKeyError(PROVIDER, RUNWAY_KEY_VARIABLE);
    return callProvider({
      provider: PROVIDER,
      url: `${baseUrl}${path}`,
      init: {
        ...init,
        headers: {
          Authorization: `Bearer ${apiKey}`,
          "X-Runway-Version": RUNWAY_API_VERSION,
          Accept: "application/json",
          ...(init.headers as Record<string, string> | undefined),
        },
      },
      fetch: context.fetch,
      signal: context.signal,
      secrets,
      errors: runwayErrorReader,
      credentialsHint: RUNWAY_KEY_VARIABLE,
      nowMs: context.clock.now(),
    });
  }

  const taskPath = (task: RunwayTask) => `/v1/tasks/${encodeURIComponent(task.taskId)}`;

  return {
    id: "runway",
    idempotentStart: false,
    unavailableReason: () =>
      apiKey === undefined
        ? `Runway needs an API key: set ${RUNWAY_KEY_VARIABLE} to a key from dev.runwayml.com.`
        : null,

    async start(request, context) {
      if (apiKey === undefined) throw missingKeyError(PROVIDER, RUNWAY_KEY_VARIABLE);
      let create: RunwayCreateCall;
      try {
        create = await mapRunwayRequest(request, context.spec, context.images);
      } catch (error) {
        if (!(error instanceof RunwayRequestError)) throw error;
        throw new ProviderCallError(error.message, { kind: "bad_request", retryable: false, delivery: "not_sent" });
      }
      const response = await call(
        create.endpoint,
        { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(create.body) },
        context,
      );
      const created = parseProviderResponse(
        runwayCreateResponseSchema,
        await readProviderJson(response, PROVIDER, secrets),
        PROVIDER,
        secrets,
      );
      const task: RunwayTask = { taskId: created.id, endpoint: create.endpoint, model: create.body.model };
      return { task: { ...task }, warnings: [], pollAfterMs: RUNWAY_POLL_AFTER_MS };
    },

    async poll(task, context) {
      const parsed = parseRunwayTask(task);
      if (parsed === null) return foreignTask("a Runway task");
      const response = await call(taskPath(parsed), { method: "GET" }, context);
      const body = await readProviderJson(response, PROVIDER, secrets);
      return mapRunwayTask(parseProviderResponse(runwayTaskResponseSchema, body, PROVIDER, secrets));
    },

    // The organisation endpoint (Runway's SDK: `organization.retrieve()`): read-only, shows the credits.
    checkKey: (context) =>
      checkKeyWith(async () => {
        const response = await call("/v1/organization", { method: "GET" }, context);
        const body = await readProviderJson(response, PROVIDER, secrets);
        const organization = parseProviderResponse(runwayOrganizationResponseSchema, body, PROVIDER, secrets);
        return `${organization.creditBalance} credits left`;
      }),

    async cancel(task, context): Promise<CancelResult> {
      const parsed = parseRunwayTask(task);
      if (parsed === null) return { upstream: "not_cancellable", reason: "the stored task is not a Runway task" };
      try {
        // DELETE cancels a PENDING, THROTTLED or RUNNING task and deletes a finished one; no body.
        const response = await call(taskPath(parsed), { method: "DELETE", headers: { Accept: "*/*" } }, context);
        await response.body?.cancel().catch(() => undefined);
      } catch (error) {
        // Already deleted (a cancel repeated after a crash): nothing runs upstream any more.
        if (isRunwayNotFound(error)) return { upstream: "cancelled" };
        throw error;
      }
      return { upstream: "cancelled" };
    },
  };
}
