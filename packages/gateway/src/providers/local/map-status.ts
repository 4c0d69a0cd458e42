import type { PollResult } from "../provider.ts";

/** Where one render stands, as this process knows it. */
export type RenderState =
  | { phase: "queued" }
  | { phase: "running"; framesDone: number; frameCount: number }
  | { phase: "succeeded" }
  | { phase: "failed"; message: string }
  | { phase: "cancelled" };

/** Poll again soon while waiting for a slot; renders take seconds, not minutes. */
export const QUEUED_POLL_AFTER_MS = 1000;
export const RUNNING_POLL_AFTER_MS = 500;

/**
 * Fraction of frames encoded. Capped below 1 because the file is finalized and renamed after the
 * last frame; only `succeeded` means done.
 */
export function renderProgress(framesDone: number, frameCount: number): number {
  if (frameCount <= 0) return 0;
  return Math.min(0.99, Math.max(0, framesDone / frameCount));
}

/** Turns a render state into what the adapter's `poll` answers. */
export function mapRenderState(state: RenderState, outputPath: string): PollResult {
  switch (state.phase) {
    case "queued":
      return { state: "queued", pollAfterMs: QUEUED_POLL_AFTER_MS };
    case "running":
      return {
        state: "running",
        progress: renderProgress(state.framesDone, state.frameCount),
        pollAfterMs: RUNNING_POLL_AFTER_MS,
      };
    case "succeeded":
      return {
        state: "succeeded",
        outputs: [{ kind: "video", source: { type: "file", path: outputPath }, mediaType: "video/mp4" }],
      };
    case "failed":
      return {
        state: "failed",
        failure: { code: "provider_error", message: `Local render failed: ${state.message}` },
      };
    case "cancelled":
      return { state: "cancelled" };
  }
}
