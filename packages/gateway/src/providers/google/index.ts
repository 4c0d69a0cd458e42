import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProviderCallError } from "../../core/errors.ts";
import type { ProviderTask } from "../../core/types.ts";
import { callProvider, readProviderJson } from "../shared/call-provider.ts";
import { parseProviderResponse } from "../shared/parse-response.ts";
import type { InboundCallback, PollResult, ProviderAdapter, ProviderCallContext } from "../provider.ts";
import { checkKeyWith } from "../shared/key-check.ts";
import { GEMINI_OPERATION_NAME, geminiCreateResponseSchema, geminiModelListSchema, type GeminiTask } from "./api.ts";
import { checkGeminiCallback, geminiOperationId } from "./callback.ts";
import { sweepInlineVideos } from "./inline-video.ts";
import { GEMINI_DEFAULT_BASE_URL, geminiCreateUrl, geminiOperationUrl, mapGeminiRequest } from "./map-request.ts";
import { mapGeminiOperation } from "./map-status.ts";
import { googleErrorReader, notSentError, reclassifyKeyError } from "./veo-errors.ts";
import { checkVeoProviderOptions, veoProviderOptionValues } from "./veo-options.ts";
import { veoOperationSchema } from "./veo-status.ts";

export { googleModels } from "./models.ts";
export type { GeminiTask } from "./api.ts";

export interface GoogleProviderOptions {
  /** Gemini API key (REELAY_GOOGLE_API_KEY). */
  apiKey?: string;
  /** Defaults to https://generativelanguage.googleapis.com/v1beta (REELAY_GOOGLE_BASE_URL). */
  baseUrl?: string;
  /** Where the rare inline samples are written for the re-hoster; a temp folder by default. */
  outputDir?: string;
  /** The signing secret (`whsec_…`) of the project webhook subscribed to `video.generated`; callbacks are checked only with it. */
  webhookSecret?: string;
}

const KEY_VARIABLE = "REELAY_GOOGLE_API_KEY";
/** Inline samples are copied by the re-hoster within minutes; a day is a generous margin. */
const INLINE_VIDEO_MAX_AGE_MS = 24 * 3_600_000;
const SWEEP_INTERVAL_MS = 3_600_000;

function parseTask(task: ProviderTask): GeminiTask | null {
  const { operationName } = task;
  return typeof operationName === "string" && GEMINI_OPERATION_NAME.test(operationName) ? { operationName } : null;
}

function missingKey(): ProviderCallError {
  return new ProviderCallError(`google cannot be called: ${KEY_VARIABLE} is not set.`, {
    kind: "auth",
    retryable: false,
    delivery: "not_sent",
  });
}

/** Veo on the Gemini API (shared/providers/google-veo.md). No cancel: Google offers none. */
export function createGoogleProvider(options: GoogleProviderOptions = {}): ProviderAdapter {
  const baseUrl = (options.baseUrl ?? GEMINI_DEFAULT_BASE_URL).replace(/\/+$/, "");
  const apiKey = options.apiKey;
  const webhookSecret = options.webhookSecret?.trim() || undefined;
  const outputDir = options.outputDir ?? join(tmpdir(), "reelay-google-veo");
  const sweep = () => void sweepInlineVideos(outputDir, INLINE_VIDEO_MAX_AGE_MS, Date.now()).catch(() => undefined);
  sweep();
  const sweeper = setInterval(sweep, SWEEP_INTERVAL_MS);
  sweeper.unref();

  async function send(url: string, init: RequestInit, context: ProviderCallContext, key: string): Promise<unknown> {
    try {
      const response = await callProvider({
        provider: "google",
        url,
        init: { ...init, headers: { "x-goog-api-key": key, "content-type": "application/json" } },
        fetch: context.fetch,
        signal: context.signal,
        secrets: [key],
        errors: googleErrorReader,
        credentialsHint: KEY_VARIABLE,
        nowMs: context.clock.now(),
      });
      return await readProviderJson(response, "google", [key]);
    } catch (error) {
      throw reclassifyKeyError(error, KEY_VARIABLE);
    }
  }

  return {
    id: "google",
    // Veo has no idempotency key: a repeated create is a second, separately billed video.
    idempotentStart: false,
    checkProviderOptions: checkVeoProviderOptions,
    providerOptionValues: veoProviderOptionValues,
    unavailableReason: () => (apiKey ? null : `${KEY_VARIABLE} is not set`),

    async start(request, context) {
      if (!apiKey) throw missingKey();
      const body = await mapGeminiRequest(request, context).catch((error: unknown) => {
        throw notSentError("google", error);
      });
      const url = geminiCreateUrl(baseUrl, context.spec.vendorModelId);
      const answer = await send(url, { method: "POST", body: JSON.stringify(body) }, context, apiKey);
      const created = parseProviderResponse(geminiCreateResponseSchema, answer, "google", [apiKey]);
      const task: GeminiTask = { operationName: created.name };
      return { task: { ...task }, warnings: [] };
    },

    async poll(task, context): Promise<PollResult> {
      if (!apiKey) throw missingKey();
      const parsed = parseTask(task);
      if (parsed === null) {
        return {
          state: "failed",
          failure: { code: "provider_error", message: "The stored task is not a Gemini operation." },
        };
      }
      const answer = await send(geminiOperationUrl(baseUrl, parsed.operationName), { method: "GET" }, context, apiKey);
      const operation = parseProviderResponse(veoOperationSchema, answer, "google", [apiKey]);
      return mapGeminiOperation({ ...operation, name: parsed.operationName }, { baseUrl, apiKey, outputDir });
    },

    // models.list is free and needs a valid key; one page of the largest size is enough to see Veo.
    async checkKey(context) {
      return checkKeyWith(async () => {
        if (!apiKey) throw missingKey();
        const answer = await send(`${baseUrl}/models?pageSize=1000`, { method: "GET" }, context, apiKey);
        const { models = [] } = parseProviderResponse(geminiModelListSchema, answer, "google", [apiKey]);
        const veo = models.filter((model) => model.supportedGenerationMethods?.includes("predictLongRunning"));
        return `${models.length} model(s) listed, ${veo.length} of them for video (predictLongRunning)`;
      });
    },

    authorizeDownload(output) {
      // The file endpoint answers 302 to a storage host; the re-hoster follows it and drops the key
      // on that cross-origin hop, as Google expects. Only this base's file URLs ever get the key.
      const { source } = output;
      if (source.type !== "url" || !apiKey || !source.url.startsWith(`${baseUrl}/files/`)) return output;
      return { ...output, source: { ...source, headers: { ...source.headers, "x-goog-api-key": apiKey } } };
    },

    // unverified: that Gemini's webhooks name an operation by its name's last segment (see callback.ts).
    upstreamId(task) {
      const parsed = parseTask(task);
      return parsed === null ? null : geminiOperationId(parsed.operationName);
    },
    ...(webhookSecret === undefined
      ? {}
      : { parseCallback: (callback: InboundCallback) => checkGeminiCallback(callback, webhookSecret) }),

    async close() {
      clearInterval(sweeper);
    },
  };
}
