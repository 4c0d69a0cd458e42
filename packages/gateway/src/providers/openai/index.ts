import { ProviderCallError } from "../../core/errors.ts";
import type { ProviderTask } from "../../core/types.ts";
import type { InboundCallback, ProviderAdapter, ProviderCallContext } from "../provider.ts";
import { callProvider, readProviderJson, type ProviderErrorReader } from "../shared/call-provider.ts";
import { parseProviderResponse } from "../shared/parse-response.ts";
import { redact } from "../shared/redact.ts";
import {
  errorBodySchema,
  modelListSchema,
  OPENAI_BASE_URL,
  OPENAI_KEY_VARIABLE,
  parseOpenAiTask,
  videoListSchema,
  videoSchema,
  type OpenAiTask,
} from "./api.ts";
import type { z } from "zod";
import { checkOpenAiCallback } from "./callback.ts";
import { findStartedVideos, type ListVideos } from "./find-started.ts";
import { encodeCreateRequest, mapCreateFields, mapCreateRequest, UnmappableRequestError } from "./map-request.ts";
import { mapVideoStatus, pollAfterMsFrom } from "./map-status.ts";
import { refusedBeforeSending } from "../shared/adapter-errors.ts";
import { checkKeyWith } from "../shared/key-check.ts";

export { openaiModels } from "./models.ts";
export { OPENAI_BASE_URL, OPENAI_KEY_VARIABLE } from "./api.ts";
export type { OpenAiTask } from "./api.ts";

export interface OpenAiProviderOptions {
  /** The bearer key; the adapter is unavailable without one. */
  apiKey?: string;
  /** OpenAI's API by default; any OpenAI-compatible upstream serving `/videos` works. */
  baseUrl?: string;
  /** The project webhook's signing secret (`whsec_…`) from OpenAI's dashboard; callbacks are checked only with it. */
  webhookSecret?: string;
}

const PROVIDER = "openai";

/** Reads OpenAI's `{error:{message,…}}` envelope; other bodies are not OpenAI's own errors. */
export const openAiErrorReader: ProviderErrorReader = {
  message(body) {
    const parsed = errorBodySchema.safeParse(body);
    return parsed.success ? parsed.data.error.message : undefined;
  },
};

/**
 * Sora on `/v1/videos`, or any upstream that speaks it. There is no cancel (the API has none, so
 * the worker reports `upstream_not_cancelled`) and creates are not idempotent.
 */
export function createOpenAiProvider(options: OpenAiProviderOptions): ProviderAdapter {
  const apiKey = options.apiKey === undefined || options.apiKey.trim() === "" ? undefined : options.apiKey.trim();
  // Trailing slashes would double up in every path.
  const baseUrl = (options.baseUrl ?? OPENAI_BASE_URL).replace(/\/+$/, "");
  const webhookSecret = options.webhookSecret?.trim() || undefined;

  function requireKey(): string {
    if (apiKey === undefined) throw refusedBeforeSending(`openai has no API key: set ${OPENAI_KEY_VARIABLE}.`, "auth");
    return apiKey;
  }

  /** One call to the upstream, its answer parsed with `schema`. */
  async function call<T>(
    context: ProviderCallContext,
    key: string,
    path: string,
    init: { method: "GET" | "POST"; headers?: Record<string, string>; body?: string | FormData },
    schema: z.ZodType<T>,
  ): Promise<{ body: T; headers: Headers }> {
    const response = await callProvider({
      provider: PROVIDER,
      url: `${baseUrl}${path}`,
      init: { ...init, headers: { accept: "application/json", ...init.headers, authorization: `Bearer ${key}` } },
      fetch: context.fetch,
      signal: context.signal,
      secrets: [key],
      errors: openAiErrorReader,
      credentialsHint: OPENAI_KEY_VARIABLE,
      nowMs: context.clock.now(),
    });
    const body = await readProviderJson(response, PROVIDER, [key]);
    return { body: parseProviderResponse(schema, body, PROVIDER, [key]), headers: response.headers };
  }

  return {
    id: PROVIDER,
    // OpenAI has no idempotency key: a re-sent create is a second paid video.
    idempotentStart: false,

    unavailableReason: () => (apiKey === undefined ? `OpenAI needs an API key: set ${OPENAI_KEY_VARIABLE}.` : null),

    async start(request, context) {
      const key = requireKey();
      let encoded: ReturnType<typeof encodeCreateRequest>;
      try {
        encoded = encodeCreateRequest(await mapCreateRequest(request, context.spec, context.images));
      } catch (error) {
        if (!(error instanceof UnmappableRequestError)) throw error;
        throw refusedBeforeSending(`openai cannot take this request: ${error.message}.`, "bad_request");
      }
      const { body: video, headers } = await call(
        context,
        key,
        "/videos",
        { method: "POST", headers: encoded.headers, body: encoded.body },
        videoSchema,
      );
      const task: OpenAiTask | null = parseOpenAiTask({
        videoId: video.id,
        model: video.model ?? context.spec.vendorModelId,
      });
      if (task === null) {
        // Something was created that Reelay cannot poll: not safe to send again.
        const id = redact(JSON.stringify(video.id), [key]);
        throw new ProviderCallError(`openai answered with a video id Reelay cannot use: ${id}.`, {
          kind: "bad_response",
          retryable: false,
          delivery: "unknown",
        });
      }
      return { task: { ...task } satisfies ProviderTask, warnings: [], pollAfterMs: pollAfterMsFrom(headers) };
    },

    async poll(task, context) {
      const parsed = parseOpenAiTask(task);
      if (parsed === null) {
        return {
          state: "failed",
          failure: { code: "provider_error", message: "The stored task is not an OpenAI video." },
        };
      }
      const key = requireKey();
      const { body: video, headers } = await call(
        context,
        key,
        `/videos/${encodeURIComponent(parsed.videoId)}`,
        { method: "GET" },
        videoSchema,
      );
      // The content URLs are built from the stored id, which was checked when it was stored.
      return mapVideoStatus({ ...video, id: parsed.videoId }, baseUrl, context.clock.now(), pollAfterMsFrom(headers));
    },

    async findStarted(request, sinceMs, context) {
      const key = requireKey();
      const list: ListVideos = async (after) => {
        const query = new URLSearchParams({ order: "desc", limit: "100", ...(after === null ? {} : { after }) });
        return (await call(context, key, `/videos?${query}`, { method: "GET" }, videoListSchema)).body;
      };
      const tasks = await findStartedVideos(list, mapCreateFields(request, context.spec), sinceMs);
      return tasks.map((task) => ({ ...task }) satisfies ProviderTask);
    },

    // Listing models is free and needs a valid key, on OpenAI and on compatible upstreams alike.
    checkKey: (context) =>
      checkKeyWith(async () => {
        const { body } = await call(context, requireKey(), "/models", { method: "GET" }, modelListSchema);
        return `${body.data.length} model(s) listed`;
      }),

    authorizeDownload(output) {
      // Only this upstream's own content URLs get the key; nothing else ever sees it.
      const { source } = output;
      if (source.type !== "url" || !source.url.startsWith(`${baseUrl}/`) || apiKey === undefined) return output;
      return { ...output, source: { ...source, headers: { ...source.headers, authorization: `Bearer ${apiKey}` } } };
    },

    upstreamId: (task) => parseOpenAiTask(task)?.videoId ?? null,
    ...(webhookSecret === undefined
      ? {}
      : { parseCallback: (callback: InboundCallback) => checkOpenAiCallback(callback, webhookSecret) }),
  };
}
