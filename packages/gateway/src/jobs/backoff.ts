/** How retries are spaced. */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };

/**
 * Delay before retry number `attempt` (1 for the first retry): exponential with jitter, so many
 * jobs failing together do not retry together. A provider's `Retry-After` wins when it asks for
 * longer; it is never shortened.
 */
export function backoffDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(ceiling * (0.5 + random() * 0.5));
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, Math.min(jittered, policy.baseMs));
}
