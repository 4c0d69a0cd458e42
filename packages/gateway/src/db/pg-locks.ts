import type { PgQueryable } from "./pg-database.ts";

/**
 * Advisory locks Reelay takes on PostgreSQL (`pg_advisory_xact_lock`: held until the transaction
 * ends). The keys are arbitrary but fixed, one per purpose.
 */
const LOCK_KEYS = {
  /** Applying migrations: processes starting together apply them once. */
  migrations: 72_001,
  /**
   * Adding job events. `job_events.id` comes from a sequence, and sequence values are handed out
   * before commit, so two writers could commit ids out of order and a reader past the larger one
   * would never see the smaller. Writers of events take this lock first, so ids commit in order.
   */
  jobEvents: 72_002,
} as const;

export type PgLock = keyof typeof LOCK_KEYS;

/** Takes `lock` for the rest of the transaction `client` is in, waiting for another holder. */
export async function takePgLock(client: PgQueryable, lock: PgLock): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEYS[lock]]);
}

/**
 * Takes a lock on one tenant for the rest of the transaction (its budget and running slots are
 * checked under it, so two processes cannot both take the last of either).
 */
export async function takePgTenantLock(client: PgQueryable, tenantId: string): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock(hashtext('reelay.tenant'), hashtext($1))", [tenantId]);
}
