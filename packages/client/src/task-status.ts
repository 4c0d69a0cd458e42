import {
  type Failure,
  type JobStatus,
  type JobView,
  type ProgressSource,
  TERMINAL_STATUSES,
  type Warning,
} from "./wire.ts";

/** A job's state in the shape of the original app's task status. */
export interface TaskStatus {
  /** Job id, `job_…`. */
  id: string;
  /** Current status. */
  status: JobStatus;
  /** Whether the job will not change again (succeeded, failed or cancelled). */
  isComplete: boolean;
  /** Fraction done, 0–1; 0 before any figure exists, 1 once succeeded. */
  progress: number;
  /** Where the progress figure came from; null before any figure exists. */
  progressSource: ProgressSource | null;
  /** Seconds until the video is expected; null when unknown. */
  etaSeconds: number | null;
  /** URL of the finished MP4 (absolute unless the client's base URL is empty); null until the job succeeded. */
  videoUrl: string | null;
  /** URL of the finished video's still image, like `videoUrl`; null until the job succeeded. */
  thumbnailUrl: string | null;
  /** Why the job failed or was cancelled; null otherwise. */
  failure: Failure | null;
  /** Notes about the job. */
  warnings: Warning[];
  /** The job as the API returned it. */
  job: JobView;
}

/**
 * The task status of a job. Media URLs are prefixed with `baseUrl` because the server returns them
 * relative to itself unless it has a public URL configured.
 */
export function toTaskStatus(job: JobView, baseUrl: string): TaskStatus {
  const succeeded = job.status === "succeeded";
  return {
    id: job.id,
    status: job.status,
    isComplete: TERMINAL_STATUSES.includes(job.status),
    progress: succeeded ? 1 : (job.progress?.value ?? 0),
    progressSource: job.progress?.source ?? null,
    etaSeconds: succeeded ? 0 : (job.progress?.etaSeconds ?? null),
    videoUrl: job.video === null ? null : clientUrl(job.video.url, baseUrl),
    thumbnailUrl: job.video === null ? null : clientUrl(job.video.thumbnailUrl, baseUrl),
    failure: job.failure,
    warnings: job.warnings,
    job,
  };
}

/**
 * `url` as the client reaches it: the server writes media paths relative to its own root, which is
 * the client's base URL (a gateway behind a proxy under `/reelay` is reached at `…/reelay/api/v1/…`).
 */
function clientUrl(url: string, baseUrl: string): string {
  if (/^[a-z][a-z\d+.-]*:/i.test(url)) return url;
  return url.startsWith("/") ? `${baseUrl}${url}` : `${baseUrl}/${url}`;
}
