import { randomUUID } from "node:crypto";
import type { InboundCallback, ProviderAdapter, ProviderCallContext } from "../provider.ts";
import { callProvider } from "../shared/call-provider.ts";
import {
  parsePixverseTask,
  PIXVERSE_DEFAULT_BASE_URL,
  PIXVERSE_KEY_VARIABLE,
  pixverseBalanceRespSchema,
  pixverseCreateRespSchema,
  pixverseErrorReader,
  pixverseResultRespSchema,
  type PixverseTask,
} from "./api.ts";
import { checkPixverseCallback } from "./callback.ts";
import { readPixverseResp } from "./envelope.ts";
import {
  checkPixverseRequest,
  mapPixverseRequest,
  PixverseRequestError,
  type PixverseCreateCall,
  type PixverseImageIds,
} from "./map-request.ts";
import { mapPixverseResult, PIXVERSE_POLL_AFTER_MS } from "./map-status.ts";
import { pixverseTraceId } from "./trace-id.ts";
import { uploadPixverseImage } from "./upload-image.ts";
import { refusedBeforeSending } from "../shared/adapter-errors.ts";
import { checkKeyWith } from "../shared/key-check.ts";

export { pixverseModels } from "./models.ts";
export { PIXVERSE_DEFAULT_BASE_URL, PIXVERSE_KEY_VARIABLE, type PixverseTask } from "./api.ts";
export { pixverseTraceId } from "./trace-id.ts";

export interface PixverseProviderOptions {
  /** The platform API key (`API-KEY` header); without it the provider is unavailable. */
  apiKey?: string;
  /** Defaults to `https://app-api.pixverse.ai/openapi/v2`; a fake's URL in tests and sandbox mode. */
  baseUrl?: string;
  /**
   * The webhook secret set with the callback URL on PixVerse's dashboard (where that is, is
   * unverified); callbacks are checked only with it.
   */
  webhookSecret?: string;
}

const PROVIDER = "pixverse";

/**
 * The PixVerse adapter (shared/providers/pixverse.md). PixVerse answers a repeated `Ai-trace-id`
 * with the earlier result, and every create of a job carries the same trace id (derived from the
 * job id), so re-sending a create of unknown outcome cannot start a second generation:
 * `idempotentStart` is true. There is no cancel endpoint.
 */
export function createPixverseProvider(options: PixverseProviderOptions): ProviderAdapter {
  const apiKey = options.apiKey === undefined || options.apiKey.trim() === "" ? undefined : options.apiKey.trim();
  const baseUrl = (options.baseUrl ?? PIXVERSE_DEFAULT_BASE_URL).replace(/\/+$/, "");
  const webhookSecret = options.webhookSecret?.trim() || undefined;
  const secrets = [apiKey];

  function requireKey(): string {
    if (apiKey === undefined)
      throw refusedBeforeSending(`pixverse has no API key: set ${PIXVERSE_KEY_VARIABLE}.`, "auth");
    return apiKey;
  }

  function send(context: ProviderCallContext, key: string) {
    return (path: string, init: RequestInit, traceId: string): Promise<Response> =>
      callProvider({
        provider: PROVIDER,
        url: `${baseUrl}${path}`,
        init: {
          ...init,
          headers: {
            Accept: "application/json",
            ...(init.headers as Record<string, string> | undefined),
            "API-KEY": key,
            "Ai-trace-id": traceId,
          },
        },
        fetch: context.fetch,
        signal: context.signal,
        secrets,
        errors: pixverseErrorReader,
        credentialsHint: PIXVERSE_KEY_VARIABLE,
        nowMs: context.clock.now(),
      });
  }

  return {
    id: PROVIDER,
    idempotentStart: true,
    unavailableReason: () =>
      apiKey === undefined
        ? `PixVerse needs an API key: set ${PIXVERSE_KEY_VARIABLE} to a key from platform.pixverse.ai.`
        : null,

    async start(request, context) {
      const key = requireKey();
      const call = send(context, key);
      const uploadOptions = { secrets, nowMs: () => context.clock.now() };
      const ids: PixverseImageIds = {};
      let create: PixverseCreateCall;
      try {
        // Checked before any upload, so a request PixVerse would refuse costs no upload.
        checkPixverseRequest(request, context.spec);
        if (request.image) {
          const image = context.images.image;
          if (image === undefined) throw new PixverseRequestError("The prepared first frame is missing.");
          const traceId = pixverseTraceId(context.jobId, "upload-image");
          ids.image = await uploadPixverseImage(call, image, "first frame", traceId, uploadOptions);
        }
        if (request.lastFrame) {
          const image = context.images.lastFrame;
          if (image === undefined) throw new PixverseRequestError("The prepared last frame is missing.");
          const traceId = pixverseTraceId(context.jobId, "upload-last-frame");
          ids.lastFrame = await uploadPixverseImage(call, image, "last frame", traceId, uploadOptions);
        }
        create = mapPixverseRequest(request, context.spec, ids);
      } catch (error) {
        if (!(error instanceof PixverseRequestError)) throw error;
        throw refusedBeforeSending(`pixverse cannot take this request: ${error.message}`, "bad_request");
      }
      // The same trace id on every attempt of this job: a repeat returns the first video_id.
      const traceId = pixverseTraceId(context.jobId, "create");
      const response = await call(
        create.endpoint,
        { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(create.body) },
        traceId,
      );
      const created = await readPixverseResp(response, pixverseCreateRespSchema, secrets, context.clock.now());
      const task: PixverseTask = { videoId: created.video_id, traceId, model: create.body.model };
      return { task: { ...task }, warnings: [], pollAfterMs: PIXVERSE_POLL_AFTER_MS };
    },

    async poll(task, context) {
      const parsed = parsePixverseTask(task);
      if (parsed === null) {
        return {
          state: "failed",
          failure: { code: "provider_error", message: "The stored task is not a PixVerse video." },
        };
      }
      const key = requireKey();
      // Reads need a trace id too; a fresh one, as PixVerse asks for every request that is not a retry.
      const response = await send(context, key)(`/video/result/${parsed.videoId}`, { method: "GET" }, randomUUID());
      return mapPixverseResult(
        await readPixverseResp(response, pixverseResultRespSchema, secrets, context.clock.now()),
      );
    },

    // The documented balance endpoint: read-only. A refused key answers an auth `ErrCode`, often with HTTP 200.
    checkKey: (context) =>
      checkKeyWith(async () => {
        const response = await send(context, requireKey())("/account/balance", { method: "GET" }, randomUUID());
        const balance = await readPixverseResp(response, pixverseBalanceRespSchema, secrets, context.clock.now());
        return `credits: ${balance.credit_monthly ?? 0} monthly, ${balance.credit_package ?? 0} from packages`;
      }),

    upstreamId: (task) => parsePixverseTask(task)?.videoId ?? null,
    ...(webhookSecret === undefined
      ? {}
      : { parseCallback: (callback: InboundCallback) => checkPixverseCallback(callback, webhookSecret) }),
  };
}
