import { takeToken, type TokenBucket } from "./token-bucket.ts";

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

/** Token buckets per key (a tenant), by the maths of `takeToken`. */
export interface RateLimiter {
  /** Takes a token for one request; asynchronous, as buckets shared by processes live in the database. */
  take(key: string, rate: Rate, nowMs: number): Promise<RateDecision>;
}

/**
 * Token buckets held in this process, for a database only this process uses (SQLite). A changed
 * rate starts a full bucket of the new size.
 */
export function createRateLimiter(): RateLimiter {
  const buckets = new Map<string, TokenBucket>();
  return {
    async take(key, rate, nowMs) {
      const { decision, bucket } = takeToken(buckets.get(key) ?? null, rate, nowMs);
      buckets.set(key, bucket);
      return decision;
    },
  };
}
