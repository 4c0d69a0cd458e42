import type { ProgressSource } from "../core/types.ts";

/** Estimated progress never claims more than this: only the provider can say a render is done. */
const MAX_ESTIMATE = 0.95;
/** Below this, a provider's own figure says too little to extrapolate an ETA from. */
const MIN_PROGRESS_FOR_ETA = 0.05;

export interface ProgressInput {
  nowMs: number;
  /** When the provider accepted the job. */
  startedAt: number;
  /** The current expectation, from the render history when the job was submitted. */
  expectedFinishAt: number;
  /** The last progress recorded; progress never goes back. */
  previous: number | null;
  /** The provider's own figure, 0–1, when it gives one. */
  reported?: number;
}

export interface ProgressEstimate {
  progress: number;
  source: ProgressSource;
  expectedFinishAt: number;
}

/**
 * Honest progress and a finish time for a running job. With the provider's figure the ETA is
 * extrapolated from the pace so far; without it, progress is elapsed time against the expected
 * render time, and a job that runs late gets a later finish time instead of a negative ETA.
 */
export function estimateProgress(input: ProgressInput): ProgressEstimate {
  const { nowMs, startedAt, previous } = input;
  const elapsed = Math.max(0, nowMs - startedAt);
  if (input.reported !== undefined && Number.isFinite(input.reported)) {
    const reported = Math.min(1, Math.max(0, input.reported));
    const expectedFinishAt =
      reported >= MIN_PROGRESS_FOR_ETA
        ? nowMs + Math.round((elapsed * (1 - reported)) / reported)
        : input.expectedFinishAt;
    return { progress: Math.max(previous ?? 0, reported), source: "provider", expectedFinishAt };
  }
  const total = Math.max(1, input.expectedFinishAt - startedAt);
  const estimate = Math.min(MAX_ESTIMATE, elapsed / total);
  const expectedFinishAt =
    nowMs < input.expectedFinishAt ? input.expectedFinishAt : nowMs + Math.max(2_000, total * 0.1);
  return { progress: Math.max(previous ?? 0, estimate), source: "estimated", expectedFinishAt };
}
