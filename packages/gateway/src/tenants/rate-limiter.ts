/** A tenant's request rate: `requests` per `windowSeconds`, bursting up to `requests`. */
export interface Rate {
  requests: number;
  windowSeconds: number;
}

/** The verdict on one request, with what the `RateLimit-*` headers say. */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  /** Whole requests left in the bucket after this one. */
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until the next request would be allowed; 0 when this one was. */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  take(key: string, rate: Rate, nowMs: number): RateDecision;
}

interface Bucket {
  tokens: number;
  updatedAtMs: number;
  rate: Rate;
}

/**
 * Token buckets held in this process: each starts full at `requests` tokens, refills at
 * `requests / windowSeconds` per second, and every request takes one. A changed rate starts a
 * full bucket of the new size.
 */
export function createRateLimiter(): RateLimiter {
  const buckets = new Map<string, Bucket>();
  return {
    take(key, rate, nowMs) {
      const refillPerMs = rate.requests / (rate.windowSeconds * 1000);
      let bucket = buckets.get(key);
      if (
        bucket === undefined ||
        bucket.rate.requests !== rate.requests ||
        bucket.rate.windowSeconds !== rate.windowSeconds
      ) {
        bucket = { tokens: rate.requests, updatedAtMs: nowMs, rate };
        buckets.set(key, bucket);
      }
      bucket.tokens = Math.min(rate.requests, bucket.tokens + Math.max(0, nowMs - bucket.updatedAtMs) * refillPerMs);
      bucket.updatedAtMs = nowMs;
      const allowed = bucket.tokens >= 1;
      if (allowed) bucket.tokens -= 1;
      return {
        allowed,
        limit: rate.requests,
        remaining: Math.floor(bucket.tokens),
        resetSeconds: Math.ceil((rate.requests - bucket.tokens) / refillPerMs / 1000),
        retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000)),
      };
    },
  };
}
