/** The shortest wait between two polls of one job, however close its finish looks. */
const MIN_POLL_GAP_MS = 1_000;
/** Near the end, the share of the render so far that a poll waits at least (a stalled bar is not asked every second). */
const MIN_GAP_SHARE = 0.05;
/** A poll meant to land on the finish comes this long after it, so the render is done when it asks. */
const FINISH_MARGIN_MS = 250;
/** Within this many provider intervals of the finish, the next poll goes straight to it. */
const NEAR_FINISH_INTERVALS = 3;
/** The longest wait between two polls, however far the finish: an early finish is still seen soon. */
const MAX_POLL_GAP_MS = 60_000;

export interface PollScheduleInput {
  nowMs: number;
  /** The wait the provider asks for or the adapter uses for it. */
  providerDelayMs: number;
  /** When the provider accepted the job. */
  startedAt: number;
  /** The provider's progress now (0–1), when it reports one. */
  progress?: number;
  /** The provider's progress at the previous poll and when it was read, when it reported one then. */
  previous?: { progress: number; atMs: number };
  /** The finish the progress estimate expects (render history, or extrapolated). */
  expectedFinishAt: number;
}

/**
 * How long to wait before polling a running job again. Two readings of the provider's own
 * progress give its pace, and so the finish: far from it, polls come at most half the remaining
 * time apart (never more often than the provider's interval); near it, the next poll lands just
 * after it. Without a pace the expected finish only ever brings a poll forward, never pushes it
 * back, since a render-history guess may be long. Either way a job is asked fewer times than a
 * fixed interval would, and its end is seen within about a second when the pace holds.
 */
export function nextPollDelayMs(input: PollScheduleInput): number {
  const { nowMs, providerDelayMs } = input;
  const minimum = Math.min(providerDelayMs, Math.max(MIN_POLL_GAP_MS, (nowMs - input.startedAt) * MIN_GAP_SHARE));
  const pacedFinish = pacedFinishAt(input);
  if (pacedFinish === null) {
    const remaining = input.expectedFinishAt - nowMs;
    // A finish already past says nothing of when the render will end.
    if (remaining <= 0) return providerDelayMs;
    return Math.round(Math.min(providerDelayMs, Math.max(minimum, remaining + FINISH_MARGIN_MS)));
  }
  const remaining = pacedFinish - nowMs;
  if (remaining <= NEAR_FINISH_INTERVALS * providerDelayMs) {
    return Math.round(Math.min(MAX_POLL_GAP_MS, Math.max(minimum, remaining + FINISH_MARGIN_MS)));
  }
  return Math.round(Math.min(MAX_POLL_GAP_MS, Math.max(providerDelayMs, remaining / 2)));
}

/** When the render ends at the pace between the previous reading and this one, or null without two rising readings. */
function pacedFinishAt({ nowMs, progress, previous }: PollScheduleInput): number | null {
  if (progress === undefined || previous === undefined) return null;
  const gained = progress - previous.progress;
  const elapsedMs = nowMs - previous.atMs;
  if (!(gained > 0) || !(elapsedMs > 0) || progress >= 1) return null;
  return nowMs + ((1 - progress) * elapsedMs) / gained;
}
