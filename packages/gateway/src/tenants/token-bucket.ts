import type { Rate, RateDecision } from "./rate-limiter.ts";

/** A tenant's bucket as every limiter keeps it, in memory or in a database row. */
export interface TokenBucket {
  tokens: number;
  /** When `tokens` was last brought up to date, ms since the epoch. */
  refilledAtMs: number;
  /** The rate the bucket was filled for. */
  rate: Rate;
}

/**
 * One request against a token bucket: the bucket starts full at `requests` tokens (and again when
 * the rate changed), refills at `requests / windowSeconds` per second up to `requests`, and the
 * request takes a token when there is a whole one. Returns the verdict with what the `RateLimit-*`
 * headers say, and the bucket to keep. The refill time never moves back, so processes whose clocks
 * differ a little cannot count the same moment twice.
 */
export function takeToken(
  kept: TokenBucket | null,
  rate: Rate,
  nowMs: number,
): { decision: RateDecision; bucket: TokenBucket } {
  const refillPerMs = rate.requests / (rate.windowSeconds * 1000);
  const start =
    kept === null || kept.rate.requests !== rate.requests || kept.rate.windowSeconds !== rate.windowSeconds
      ? { tokens: rate.requests, refilledAtMs: nowMs }
      : kept;
  const refilledAtMs = Math.max(start.refilledAtMs, nowMs);
  let tokens = Math.min(rate.requests, start.tokens + (refilledAtMs - start.refilledAtMs) * refillPerMs);
  const allowed = tokens >= 1;
  if (allowed) tokens -= 1;
  return {
    decision: {
      allowed,
      limit: rate.requests,
      remaining: Math.floor(tokens),
      resetSeconds: Math.ceil((rate.requests - tokens) / refillPerMs / 1000),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / refillPerMs / 1000)),
    },
    bucket: { tokens, refilledAtMs, rate },
  };
}
