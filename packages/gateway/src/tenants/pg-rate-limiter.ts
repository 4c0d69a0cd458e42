import { inPgTransaction, type PgPool } from "../db/pg-database.ts";
import type { RateLimiter } from "./rate-limiter.ts";
import { takeToken, type TokenBucket } from "./token-bucket.ts";

/** A row of `rate_buckets`: a tenant's bucket and the rate it was filled for. */
interface BucketRow {
  tokens: number;
  refilled_at: number;
  rate_requests: number;
  rate_window_seconds: number;
}

/**
 * Adds the tenant's bucket, full, when it has none, and either way locks it and returns it: the
 * no-op update is what takes the row lock on an existing bucket.
 */
const LOCK_BUCKET = `INSERT INTO rate_buckets (tenant_id, tokens, refilled_at, rate_requests, rate_window_seconds)
  VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (tenant_id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id
  RETURNING tokens, refilled_at, rate_requests, rate_window_seconds`;

function rowToBucket(row: BucketRow): TokenBucket {
  return {
    tokens: row.tokens,
    refilledAtMs: row.refilled_at,
    rate: { requests: row.rate_requests, windowSeconds: row.rate_window_seconds },
  };
}

/**
 * Token buckets in the `rate_buckets` table, so every process on the database takes from the
 * same bucket of a tenant. Each request is one short transaction: lock the row, apply
 * `takeToken`, write the row back; requests of one tenant queue on the row lock for those few
 * statements. Takes the pool every store of the process shares; whoever opened it ends it.
 */
export function createPgRateLimiter(pool: PgPool): RateLimiter {
  return {
    take(key, rate, nowMs) {
      return inPgTransaction(pool, async (client) => {
        const locked = await client.query<BucketRow>(LOCK_BUCKET, [
          key,
          rate.requests,
          nowMs,
          rate.requests,
          rate.windowSeconds,
        ]);
        const row = locked.rows[0];
        if (row === undefined) throw new Error(`The rate bucket of ${key} was neither found nor made.`);
        const { decision, bucket } = takeToken(rowToBucket(row), rate, nowMs);
        await client.query(
          `UPDATE rate_buckets SET tokens = $2, refilled_at = $3, rate_requests = $4, rate_window_seconds = $5
           WHERE tenant_id = $1`,
          [key, bucket.tokens, bucket.refilledAtMs, bucket.rate.requests, bucket.rate.windowSeconds],
        );
        return decision;
      });
    },
  };
}
