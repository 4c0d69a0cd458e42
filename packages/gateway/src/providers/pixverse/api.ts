/**
 * PixVerse's wire (`/openapi/v2`): request bodies Reelay sends, lenient schemas for what PixVerse
 * answers, and the task Reelay persists on a job. Facts: shared/providers/pixverse.md.
 */
import { z } from "zod";
import type { ProviderErrorReader } from "../shared/call-provider.ts";

/** The global host; the China deployment (`app-api.pixverseai.cn`) is not the default on purpose. */
export const PIXVERSE_DEFAULT_BASE_URL = "https://app-api.pixverse.ai/openapi/v2";

/** The setting that holds the key, named in every credentials error. */
export const PIXVERSE_KEY_VARIABLE = "REELAY_PIXVERSE_API_KEY";

/** The three create endpoints Reelay uses; all answer `Resp.video_id`. */
export type PixverseEndpoint = "/video/text/generate" | "/video/img/generate" | "/video/transition/generate";

/** Fields every generate body shares (pixverse.md §3.2). */
interface PixverseBodyBase {
  model: string;
  prompt: string;
  /** Whole seconds. */
  duration: number;
  /** `360p` | `540p` | `720p` | `1080p`: required although the original app never sent it. */
  quality: string;
  negative_prompt?: string;
  /** 0–2147483647. */
  seed?: number;
  /** v5.5, v5.6, v6, c1 only; default false. */
  generate_audio_switch?: boolean;
}

/** `POST /video/text/generate`. */
export interface PixverseTextBody extends PixverseBodyBase {
  aspect_ratio: string;
}

/** `POST /video/img/generate`: no `aspect_ratio` (the image decides). */
export interface PixverseImageBody extends PixverseBodyBase {
  /** Integer id from `POST /image/upload`. */
  img_id: number;
}

/** `POST /video/transition/generate`: the id fields do not end in `_id`. */
export interface PixverseTransitionBody extends PixverseBodyBase {
  first_frame_img: number;
  last_frame_img: number;
}

export type PixverseCreateBody = PixverseTextBody | PixverseImageBody | PixverseTransitionBody;

/** An id as PixVerse sends it: an integer (kept as a string inside Reelay), or a digit string. */
const wireIdSchema = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]).transform(String);

/**
 * The envelope on every JSON answer: `ErrCode` 0 is success, anything else an error with
 * `Resp: null`, usually with HTTP 200. Lenient: a relay's extra `request_id` passes.
 */
export const pixverseEnvelopeSchema = z.looseObject({
  ErrCode: z.number().int(),
  ErrMsg: z.string().nullish(),
  Resp: z.unknown().optional(),
});

export type PixverseEnvelope = z.infer<typeof pixverseEnvelopeSchema>;

/** `Resp` of `POST /image/upload`. (`img_url` may also appear, unverified.) */
export const pixverseUploadRespSchema = z.looseObject({ img_id: wireIdSchema });

/** `Resp` of every generate call (some feature endpoints add `credit`). */
export const pixverseCreateRespSchema = z.looseObject({ video_id: wireIdSchema });

/** `Resp` of `GET /video/result/{id}`; only `status` and `url` are read. */
export const pixverseResultRespSchema = z.looseObject({
  id: wireIdSchema.optional(),
  status: z.number().int(),
  url: z.string().nullish(),
  has_audio: z.boolean().nullish(),
  outputWidth: z.number().nullish(),
  outputHeight: z.number().nullish(),
});

export type PixverseResult = z.infer<typeof pixverseResultRespSchema>;

/** `Resp` of `GET /account/balance`: `{account_id, credit_monthly, credit_package}` (pixverse.md §1). */
export const pixverseBalanceRespSchema = z.looseObject({
  credit_monthly: z.coerce.number().optional(),
  credit_package: z.coerce.number().optional(),
});

/** `Resp.status` values (pixverse.md §5). 2 and 3 come from PixVerse's client code only. */
export const PIXVERSE_STATUS = {
  succeeded: 1,
  pending: 2,
  inProgress: 3,
  generating: 5,
  deleted: 6,
  moderated: 7,
  failed: 8,
} as const;

/** Reads the envelope in a non-2xx answer (HTTP 401/403/429 may carry one) for `callProvider`. */
export const pixverseErrorReader: ProviderErrorReader = {
  message(body) {
    const parsed = pixverseEnvelopeSchema.safeParse(body);
    if (!parsed.success || parsed.data.ErrCode === 0) return undefined;
    return `${parsed.data.ErrMsg?.trim() || "no message"} (ErrCode ${parsed.data.ErrCode})`;
  },
};

/** What Reelay persists on a job after a create: enough to poll. */
export interface PixverseTask {
  /** PixVerse's integer `video_id`, as a string. */
  videoId: string;
  /** The `Ai-trace-id` the create was sent with (for support requests; derived from the job id). */
  traceId: string;
  /** PixVerse's model id (informational). */
  model: string;
}

/** Reads a persisted task; null when it is not a PixVerse task. */
export function parsePixverseTask(task: Record<string, unknown>): PixverseTask | null {
  const { videoId, traceId, model } = task;
  if (typeof videoId !== "string" || !/^\d{1,20}$/.test(videoId)) return null;
  return {
    videoId,
    traceId: typeof traceId === "string" ? traceId : "",
    model: typeof model === "string" ? model : "",
  };
}
