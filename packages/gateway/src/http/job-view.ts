import type { JobView, Progress } from "@reelay/client";
import type { JobRecord } from "../core/types.ts";
import type { MediaLinks } from "./job-media-links.ts";

const iso = (milliseconds: number | null) => (milliseconds === null ? null : new Date(milliseconds).toISOString());

/** Progress with its ETA; the ETA is counted from `nowMs`, so it shrinks between polls. */
function progressView(job: JobRecord, nowMs: number): Progress | null {
  if (job.progress === null) return null;
  const active = job.status === "queued" || job.status === "running";
  const finishAt = active ? job.expectedFinishAt : null;
  return {
    value: job.progress,
    source: job.progressSource ?? "provider",
    etaSeconds:
      job.status === "succeeded" ? 0 : finishAt === null ? null : Math.max(0, Math.ceil((finishAt - nowMs) / 1000)),
    expectedFinishAt: iso(finishAt),
  };
}

/** The public view of a job, its video and thumbnail at `links`. */
export function toJobView(job: JobRecord, links: MediaLinks, nowMs: number): JobView {
  return {
    id: job.id,
    object: "job",
    status: job.status,
    model: job.model,
    request: job.request,
    progress: progressView(job, nowMs),
    createdAt: new Date(job.createdAt).toISOString(),
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
    cancelRequestedAt: iso(job.cancelRequestedAt),
    deadlineAt: new Date(job.deadlineAt).toISOString(),
    warnings: job.warnings,
    failure: job.failure,
    video:
      job.status === "succeeded" && job.video && job.videoPurgedAt === null
        ? {
            url: links(job, "content"),
            thumbnailUrl: links(job, "thumbnail"),
            durationSeconds: job.video.durationSeconds,
            width: job.video.width,
            height: job.video.height,
            sizeBytes: job.video.sizeBytes,
            mediaType: job.video.mediaType,
            codec: job.video.codec,
          }
        : null,
    videoPurgedAt: iso(job.videoPurgedAt),
    metadata: job.request.metadata,
    category: job.category,
    style: job.style,
    preset: job.preset,
  };
}
