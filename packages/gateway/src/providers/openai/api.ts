/**
 * OpenAI's `/v1/videos` wire: what the adapter sends and the lenient schemas of what it reads
 * back. Facts: shared/providers/openai-sora.md and shared/contracts/openai-videos.yaml.
 */
import { z } from "zod";

/** OpenAI's own API; any OpenAI-compatible upstream can stand in for it. */
export const OPENAI_BASE_URL = "https://api.openai.com/v1";

/** The variable that holds the key, named whenever the key is missing or refused. */
export const OPENAI_KEY_VARIABLE = "REELAY_OPENAI_API_KEY";

/** Create fields, as JSON or as multipart text parts. `seconds` is a string on the wire. */
export interface CreateVideoFields {
  /** The vendor's model id, e.g. `sora-2`. */
  model: string;
  /** 1–32000 characters; required even with an image. */
  prompt: string;
  /** `WxH` with a lowercase `x`, e.g. `1280x720`; implies the aspect ratio. */
  size: string;
  /** Whole seconds as a string (`"4"`, `"8"`, `"12"`). */
  seconds: string;
}

/** The first frame, sent as the multipart file part `input_reference`. */
export interface InputReferenceFile {
  bytes: Buffer;
  /** `image/jpeg`, `image/png` or `image/webp`. */
  mediaType: string;
  filename: string;
}

/** A create request before encoding: JSON without an image, multipart with one. */
export interface CreateVideoRequest {
  fields: CreateVideoFields;
  inputReference?: InputReferenceFile;
}

/** Statuses in the spec; others (a batch's `expired`, future ones) are tolerated when read. */
export const VIDEO_STATUSES = ["queued", "in_progress", "completed", "failed"] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];

/** Asset variants of `GET /videos/{id}/content`. */
export const CONTENT_VARIANTS = ["video", "thumbnail", "spritesheet"] as const;
export type ContentVariant = (typeof CONTENT_VARIANTS)[number];

/**
 * The `video` object as Reelay reads it. Lenient: OpenAI's own doc examples omit most nullable
 * fields and add undocumented ones, so only `id` and `status` are required.
 */
export const videoSchema = z.object({
  id: z.string().min(1),
  status: z.string().min(1),
  model: z.string().nullish(),
  /** Integer 0–100; a compatible upstream may send a float. */
  progress: z.number().nullish(),
  created_at: z.number().nullish(),
  completed_at: z.number().nullish(),
  /** Unix seconds after which `/content` no longer serves the assets. */
  expires_at: z.number().nullish(),
  size: z.string().nullish(),
  seconds: z.union([z.string(), z.number()]).nullish(),
  prompt: z.string().nullish(),
  remixed_from_video_id: z.string().nullish(),
  error: z.object({ code: z.string().nullish(), message: z.string().nullish() }).nullish().catch(null),
});
export type OpenAiVideo = z.infer<typeof videoSchema>;

/** A page of `GET /videos`; the list ends when `has_more` is false or a page is empty. */
export const videoListSchema = z.object({
  data: z.array(videoSchema),
  has_more: z.boolean().nullish(),
  last_id: z.string().nullish(),
});
export type OpenAiVideoList = z.infer<typeof videoListSchema>;

/** `GET /models`: the models the key may use (OpenAI-compatible upstreams serve it too). Only ids are read. */
export const modelListSchema = z.object({ data: z.array(z.looseObject({ id: z.string() })) });

/** OpenAI's error envelope `{error:{message,type,param,code}}`; `param` and `code` nullable. */
export const errorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string().nullish(),
    param: z.string().nullish(),
    code: z.string().nullish(),
  }),
});

/** What the adapter persists on a job: enough to poll and to read the content. */
export interface OpenAiTask {
  /** `video_…`, opaque. */
  videoId: string;
  /** The vendor model it was created with, for diagnostics. */
  model: string;
}

/** Reads a persisted task; null when it is not one of ours. */
export function parseOpenAiTask(task: Record<string, unknown>): OpenAiTask | null {
  const { videoId, model } = task;
  // Ids go into a URL path: refuse anything that could escape it even though it is encoded.
  if (typeof videoId !== "string" || !/^[A-Za-z0-9_-]{1,200}$/.test(videoId)) return null;
  return { videoId, model: typeof model === "string" ? model : "" };
}
