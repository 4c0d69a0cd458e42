import type { JobRecord, JobStatus } from "../core/types.ts";
import { sizeOf } from "./video-size.ts";

/** A job as OpenAI's `video` object (the contract's `VideoResource`). */
export interface VideoResource {
  /** The job's id: the same on the native API. */
  id: string;
  object: "video";
  /** The Reelay model id the job runs on. */
  model: string;
  status: "queued" | "in_progress" | "completed" | "failed";
  /** Whole percent, 0–100. */
  progress: number;
  /** Unix seconds. */
  created_at: number;
  /** Unix seconds, once the job has finished. */
  completed_at: number | null;
  /** Unix seconds at which retention deletes the files; null while they are kept for good. */
  expires_at: number | null;
  prompt: string | null;
  /** `WxH` in pixels. */
  size: string;
  /** Whole seconds, as a string. */
  seconds: string;
  remixed_from_video_id: string | null;
  /** Why the job failed or was cancelled. */
  error: { code: string; message: string } | null;
}

/** Job list of the OpenAI-compatible API (the contract's `VideoListResource`). */
export interface VideoListResource {
  object: "list";
  data: VideoResource[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

/** Metadata key naming the video a remix was made from; the job keeps it like any metadata. */
export const REMIXED_FROM_KEY = "remixed_from_video_id";

/** OpenAI has no `cancelled`: a cancelled job is `failed` with the error code `cancelled`. */
const STATUS: Record<JobStatus, VideoResource["status"]> = {
  queued: "queued",
  running: "in_progress",
  succeeded: "completed",
  failed: "failed",
  cancelled: "failed",
};

const unixSeconds = (milliseconds: number) => Math.floor(milliseconds / 1000);

/** The `video` object of a job; `retentionMs` is how long finished videos are kept, null for ever. */
export function toVideoResource(job: JobRecord, retentionMs: number | null): VideoResource {
  const completed = job.status === "succeeded";
  const keptUntil = job.videoPurgedAt ?? (retentionMs === null ? null : (job.finishedAt ?? 0) + retentionMs);
  return {
    id: job.id,
    object: "video",
    model: job.model,
    status: STATUS[job.status],
    // 100 only once the video is stored: a provider at 100% still has a download ahead.
    progress: completed ? 100 : Math.min(99, Math.floor((job.progress ?? 0) * 100)),
    created_at: unixSeconds(job.createdAt),
    completed_at: job.finishedAt === null ? null : unixSeconds(job.finishedAt),
    expires_at: completed && keptUntil !== null ? unixSeconds(keptUntil) : null,
    prompt: job.request.prompt,
    size: sizeOf(job.request.aspectRatio, job.request.resolution),
    seconds: String(job.request.durationSeconds),
    remixed_from_video_id: job.request.metadata[REMIXED_FROM_KEY] ?? null,
    error: job.failure === null ? null : { code: job.failure.code, message: job.failure.message },
  };
}
