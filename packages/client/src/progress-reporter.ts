import type { JobView } from "./wire.ts";

/** Receives progress as a fraction 0–1 that never goes down, with the ETA in seconds when known. */
export type ProgressListener = (progress: number, etaSeconds: number | null, job: JobView) => void;

/**
 * Feeds job views to a progress listener so that it never sees a lower figure than before (an
 * estimate can be revised down, or a poll can answer before a stream's newer event) and is called
 * only when the figure or the ETA changes.
 */
export function createProgressReporter(listener: ProgressListener | undefined): (job: JobView) => void {
  let highest = 0;
  let last: { progress: number; etaSeconds: number | null } | undefined;
  return (job) => {
    if (listener === undefined) return;
    const current = job.status === "succeeded" ? 1 : (job.progress?.value ?? 0);
    highest = Math.max(highest, Math.min(1, current));
    const etaSeconds = job.status === "succeeded" ? 0 : (job.progress?.etaSeconds ?? null);
    if (last !== undefined && last.progress === highest && last.etaSeconds === etaSeconds) return;
    last = { progress: highest, etaSeconds };
    listener(highest, etaSeconds, job);
  };
}
