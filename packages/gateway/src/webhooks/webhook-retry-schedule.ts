const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * Waits before each retry of a failed delivery: quick retries for a blip, then ever longer ones so
 * a receiver that is down for most of a day still gets everything. About 24 h in all; after the
 * last one fails the delivery is dead.
 */
export const DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS: readonly number[] = [
  5 * SECOND_MS,
  30 * SECOND_MS,
  2 * MINUTE_MS,
  10 * MINUTE_MS,
  30 * MINUTE_MS,
  HOUR_MS,
  2 * HOUR_MS,
  4 * HOUR_MS,
  8 * HOUR_MS,
  8 * HOUR_MS,
];

/** Longest `Retry-After` obeyed; a receiver cannot park a delivery for longer than the whole schedule. */
const MAX_RETRY_AFTER_MS = 24 * HOUR_MS;

/**
 * Delay before the next attempt after `attempts` failed ones, or null when the schedule is spent.
 * Each step is jittered by ±20 % so deliveries that failed together do not retry together. A
 * receiver's `Retry-After` (429, 503) is obeyed: the delay is never shorter than it asks.
 */
export function nextRetryDelayMs(
  attempts: number,
  schedule: readonly number[],
  retryAfterMs: number | undefined,
  random: () => number,
): number | null {
  const step = schedule[attempts - 1];
  if (step === undefined) return null;
  const jittered = Math.round(step * (0.8 + random() * 0.4));
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}
