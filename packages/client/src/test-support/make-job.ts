import type { JobView, Progress } from "../wire.ts";

/** A plausible job view; `overrides` replace whole fields. */
export function makeJob(overrides: Partial<JobView> = {}): JobView {
  return {
    id: "job_1",
    object: "job",
    status: "running",
    model: "local/preview",
    request: {
      model: "local/preview",
      prompt: "A lighthouse at dusk",
      durationSeconds: 4,
      aspectRatio: "16:9",
      resolution: "720p",
      audio: false,
      providerOptions: {},
      metadata: {},
    },
    progress: null,
    createdAt: "2025-01-01T00:00:00.000Z",
    startedAt: null,
    finishedAt: null,
    cancelRequestedAt: null,
    deadlineAt: "2025-01-01T01:00:00.000Z",
    warnings: [],
    failure: null,
    video: null,
    videoPurgedAt: null,
    metadata: {},
    category: null,
    style: null,
    preset: null,
    ...overrides,
  };
}

/** A running job at `value` with an ETA. */
export function runningJob(value: number, etaSeconds: number | null = null): JobView {
  const progress: Progress = { value, source: "provider", etaSeconds, expectedFinishAt: null };
  return makeJob({ status: "running", progress });
}

/** A succeeded job with its video at the server-relative URLs the gateway returns. */
export function succeededJob(id = "job_1"): JobView {
  return makeJob({
    id,
    status: "succeeded",
    progress: { value: 1, source: "provider", etaSeconds: 0, expectedFinishAt: null },
    finishedAt: "2025-01-01T00:01:00.000Z",
    video: {
      url: `/api/v1/jobs/${id}/content`,
      thumbnailUrl: `/api/v1/jobs/${id}/thumbnail`,
      durationSeconds: 4,
      width: 1280,
      height: 720,
      sizeBytes: 1000,
      mediaType: "video/mp4",
      codec: "avc1.640028",
    },
  });
}
