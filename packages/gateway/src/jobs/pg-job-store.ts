import { inPgTransaction, type PgClient, type PgPool } from "../db/pg-database.ts";
import { takePgTenantLock } from "../db/pg-locks.ts";
import { createToken } from "../core/ids.ts";
import type { JobRecord } from "../core/types.ts";
import { containsPattern } from "../db/sqlite-text-search.ts";
import { decodeJobCursor, encodeJobCursor } from "./job-cursor.ts";
import { JOB_DETAIL_TABLES, changeToAssignments, jobToRow, rowToJob, type JobRow } from "./job-row.ts";
import { createPgJobCounts } from "./pg-job-counts.ts";
import type { ClaimedJob, JobPage, JobStore, ListJobsQuery } from "./job-store.ts";
import { createPgJobEvents } from "./pg-job-events.ts";
import { reservePgCharge, settlePgCharge } from "./pg-job-charges.ts";
import {
  ACTIVE,
  ALL_COLUMNS,
  CANCELLED_FAILURE,
  CANDIDATES_PER_CLAIM,
  isTerminal,
  tenantFull,
  TERMINAL,
  UNSUBMITTED,
  VIDEO_KEPT,
} from "./job-store-sql.ts";

/** The tenant of the job in `jobs` has no free running slot at `$1` (now). */
const TENANT_FULL = tenantFull("$1");

/** A job in `jobs` a worker may take at `$1` (now): due, unleased, and with a running slot if it needs one. */
const CLAIMABLE = `${ACTIVE} AND next_run_at <= $1 AND (lease_expires_at IS NULL OR lease_expires_at <= $1)
  AND NOT (${UNSUBMITTED} AND ${TENANT_FULL})`;

/** The tenant of the job in `jobs` has a running-job limit. */
const TENANT_LIMITED = `EXISTS (SELECT 1 FROM tenants WHERE tenants.id = jobs.tenant_id AND tenants.max_running_jobs IS NOT NULL)`;

/** Thrown inside an insert that lost a race for its idempotency key, to roll its reservation back. */
class KeyTakenMeanwhile extends Error {}

/**
 * A job store on PostgreSQL, shared by every process on the database (DESIGN.md §6). Claims lock
 * their candidates with `FOR UPDATE SKIP LOCKED`, so workers of different processes never take
 * the same job and never wait for each other; every change is compare-and-set on the lease token.
 * A tenant's running slots and budget are checked under the tenant's advisory lock, so no two
 * processes take the last of either. Event writes of every process are announced with NOTIFY.
 * `close` stops listening; the pool belongs to whoever opened it.
 */
export function createPgJobStore(pool: PgPool): JobStore {
  const events = createPgJobEvents(pool);

  const one = async (client: PgClient | PgPool, sql: string, values: unknown[]): Promise<JobRecord | null> => {
    const result = await client.query<JobRow>(sql, values);
    const row = result.rows[0];
    return row === undefined ? null : rowToJob(row);
  };
  /** Tells this process's listeners after a write that recorded an event committed. */
  const notifying = <T>(result: T, recorded: boolean): T => {
    if (recorded) events.notify();
    return result;
  };
  const byKey = (client: PgClient | PgPool, job: JobRecord) =>
    one(client, "SELECT * FROM jobs WHERE tenant_id = $1 AND idempotency_key = $2", [job.tenantId, job.idempotencyKey]);

  return {
    async insert(job, charge) {
      // A retried create returns its job whatever the budget says now: it was paid for once.
      const existing = job.idempotencyKey === null ? null : await byKey(pool, job);
      if (existing !== null) return { inserted: false, job: existing };
      try {
        return await inPgTransaction(pool, async (client) => {
          if (charge !== undefined) {
            await takePgTenantLock(client, job.tenantId);
            await reservePgCharge(client, job, charge);
          }
          const row = jobToRow(job) as unknown as Record<string, unknown>;
          const inserted = await one(
            client,
            `INSERT INTO jobs (${ALL_COLUMNS.join(", ")}) VALUES (${ALL_COLUMNS.map((_, index) => `$${index + 1}`).join(", ")})
             ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING RETURNING *`,
            ALL_COLUMNS.map((column) => row[column]),
          );
          if (inserted === null) throw new KeyTakenMeanwhile();
          await events.record(client, null, inserted, inserted.createdAt);
          return { inserted: true as const, job: inserted };
        }).then((result) => notifying(result, true));
      } catch (error) {
        if (!(error instanceof KeyTakenMeanwhile)) throw error;
        const winner = await byKey(pool, job);
        if (winner === null) {
          throw new Error(`Job insert for ${job.id} was ignored though no job holds its key.`, { cause: error });
        }
        return { inserted: false, job: winner };
      }
    },

    async get(tenantId, id) {
      return one(pool, "SELECT * FROM jobs WHERE id = $1 AND tenant_id = $2", [id, tenantId]);
    },

    async list(query: ListJobsQuery): Promise<JobPage> {
      if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > 100) {
        throw new RangeError(`List limit must be an integer from 1 to 100, got ${query.limit}.`);
      }
      const values: unknown[] = [query.tenantId];
      const conditions = ["tenant_id = $1"];
      const add = (condition: (parameter: string) => string, value: unknown) => {
        values.push(value);
        conditions.push(condition(`$${values.length}`));
      };
      if (query.status !== undefined) add((p) => `status = ${p}`, query.status);
      if (query.model !== undefined) add((p) => `model = ${p}`, query.model);
      if (query.category !== undefined) add((p) => `category = ${p}`, query.category);
      if (query.promptContains !== undefined) {
        add((p) => `lower(request::jsonb ->> 'prompt') LIKE ${p} ESCAPE '\\'`, containsPattern(query.promptContains));
      }
      const descending = query.order !== "asc";
      const afterId = query.cursor === undefined ? query.afterId : decodeJobCursor(query.cursor);
      if (afterId !== undefined) add((p) => (descending ? `id < ${p}` : `id > ${p}`), afterId);
      // One row more than asked tells whether another page exists without a second query.
      values.push(query.limit + 1);
      const result = await pool.query<JobRow>(
        `SELECT * FROM jobs WHERE ${conditions.join(" AND ")} ORDER BY id ${descending ? "DESC" : "ASC"} LIMIT $${values.length}`,
        values,
      );
      const page = result.rows.slice(0, query.limit).map(rowToJob);
      const last = page.at(-1);
      return {
        jobs: page,
        nextCursor: result.rows.length > query.limit && last !== undefined ? encodeJobCursor(last.id) : null,
      };
    },

    async claimDue(owner, nowMs, leaseMs, limit) {
      if (limit < 1) return [];
      return inPgTransaction(pool, async (client) => {
        // Jobs of tenants without a free running slot are passed over here, so they cannot keep
        // other tenants' jobs from being claimed. The candidates are read without locks: locking
        // more rows than the claim takes would hide the rest from a claim running alongside.
        // `limited`: an unsubmitted job of a tenant with a running-job limit, whose slot is counted
        // again below; other jobs need no tenant lock.
        const candidates = await client.query<{ id: string; tenant_id: string; limited: boolean }>(
          `SELECT id, tenant_id, (${UNSUBMITTED} AND ${TENANT_LIMITED}) AS limited FROM jobs
           WHERE ${CLAIMABLE} ORDER BY next_run_at, id LIMIT $2`,
          [nowMs, limit * CANDIDATES_PER_CLAIM],
        );
        // Slots are counted again under each tenant's lock, taken in one order by every process.
        const tenants = [...new Set(candidates.rows.filter((row) => row.limited).map((row) => row.tenant_id))];
        for (const tenant of tenants.toSorted()) await takePgTenantLock(client, tenant);
        const claimed: ClaimedJob[] = [];
        for (const candidate of candidates.rows) {
          if (claimed.length === limit) break;
          // Leased only if still claimable now; a row another claim holds is skipped, not waited for.
          const leaseToken = createToken();
          const job = await one(
            client,
            `UPDATE jobs SET lease_owner = $3, lease_token = $4, lease_expires_at = $5
             WHERE id = (SELECT id FROM jobs WHERE id = $2 AND ${CLAIMABLE} FOR UPDATE SKIP LOCKED) RETURNING *`,
            [nowMs, candidate.id, owner, leaseToken, nowMs + leaseMs],
          );
          if (job !== null) claimed.push({ job, leaseToken });
        }
        return claimed;
      });
    },

    async update(id, leaseToken, change, options) {
      const { columns, values } = changeToAssignments(change);
      const parameters: unknown[] = [];
      const parameter = (value: unknown) => {
        parameters.push(value);
        return `$${parameters.length}`;
      };
      // A cancel requested while the worker held the job must not be pushed back by the worker's
      // next poll time: the job stays due now.
      const assignments = columns.map((column, index) => {
        const value = parameter(values[index] ?? null);
        return column === "next_run_at"
          ? `next_run_at = CASE WHEN cancel_requested_at IS NULL THEN ${value}::bigint ELSE LEAST(${value}::bigint, cancel_requested_at) END`
          : `${column} = ${value}`;
      });
      assignments.push(`updated_at = ${parameter(options.nowMs)}`);
      if (options.release) assignments.push("lease_owner = NULL", "lease_token = NULL", "lease_expires_at = NULL");
      const sql = `UPDATE jobs SET ${assignments.join(", ")} WHERE id = ${parameter(id)} AND lease_token = ${parameter(leaseToken)} RETURNING *`;
      const result = await inPgTransaction(pool, async (client) => {
        // The row as it was names the event; locking it keeps a cancel from slipping in between.
        const before = await one(client, "SELECT * FROM jobs WHERE id = $1 AND lease_token = $2 FOR UPDATE", [
          id,
          leaseToken,
        ]);
        if (before === null) return null;
        const job = await one(client, sql, parameters);
        if (job === null) return null;
        if (isTerminal(job.status) && !isTerminal(before.status)) await settlePgCharge(client, job, options.nowMs);
        return { job, recorded: await events.record(client, before, job, options.nowMs) };
      });
      return result === null ? null : notifying(result.job, result.recorded);
    },

    async jobOfProviderTask(model, task) {
      const result = await pool.query<{ id: string }>(
        "SELECT id FROM jobs WHERE model = $1 AND provider_task = $2 LIMIT 1",
        [model, JSON.stringify(task)],
      );
      return result.rows[0]?.id ?? null;
    },

    async pollNow(provider, upstreamId, nowMs) {
      const result = await pool.query<{ id: string }>(
        `UPDATE jobs SET next_run_at = LEAST(next_run_at, $1)
         WHERE upstream_id = $2 AND ${ACTIVE} AND upstream_id IS NOT NULL
           AND left(model, length($3)) = $3 AND outputs IS NULL
         RETURNING id`,
        [nowMs, upstreamId, `${provider}/`],
      );
      return result.rows.map((row) => row.id);
    },

    async extendLease(id, leaseToken, leaseExpiresAt) {
      const result = await pool.query("UPDATE jobs SET lease_expires_at = $1 WHERE id = $2 AND lease_token = $3", [
        leaseExpiresAt,
        id,
        leaseToken,
      ]);
      return result.rowCount === 1;
    },

    async requestCancel(tenantId, id, nowMs) {
      const result = await inPgTransaction(pool, async (client) => {
        const before = await one(client, "SELECT * FROM jobs WHERE id = $1 AND tenant_id = $2 FOR UPDATE", [
          id,
          tenantId,
        ]);
        if (before === null) return null;
        if (before.status !== "queued" && before.status !== "running") return { job: before, recorded: false };
        // "Not leased" means nobody holds a token, not merely an expired one: a worker whose lease
        // expired may still be inside a provider call. A job marked as submitting may already exist
        // upstream. Both go through a worker, which can cancel upstream or reconcile.
        const idle =
          before.status === "queued" &&
          before.providerTask === null &&
          before.leaseToken === null &&
          before.submittingSince === null;
        // A repeated request keeps the first cancelRequestedAt: it is when the caller first asked.
        const job = idle
          ? await one(
              client,
              `UPDATE jobs SET status = 'cancelled', failure = $2, finished_at = $3, updated_at = $3,
                 cancel_requested_at = COALESCE(cancel_requested_at, $3)
               WHERE id = $1 RETURNING *`,
              [id, JSON.stringify(CANCELLED_FAILURE), nowMs],
            )
          : await one(
              client,
              `UPDATE jobs SET cancel_requested_at = COALESCE(cancel_requested_at, $2), next_run_at = $2, updated_at = $2
               WHERE id = $1 RETURNING *`,
              [id, nowMs],
            );
        if (job === null) return null;
        if (job.status === "cancelled") await settlePgCharge(client, job, nowMs);
        return { job, recorded: await events.record(client, before, job, nowMs) };
      });
      return result === null ? null : notifying(result.job, result.recorded);
    },

    async nextDueAt() {
      // A leased job cannot be claimed before its lease expires, whatever its next_run_at says.
      const result = await pool.query<{ at: number | null }>(
        `SELECT MIN(GREATEST(next_run_at, COALESCE(lease_expires_at, 0))) AS at FROM jobs WHERE ${ACTIVE}`,
      );
      return result.rows[0]?.at ?? null;
    },

    async purgeFinished(beforeMs) {
      return inPgTransaction(pool, async (client) => {
        for (const table of JOB_DETAIL_TABLES) {
          await client.query(
            `DELETE FROM ${table} WHERE job_id IN (SELECT id FROM jobs WHERE ${TERMINAL} AND finished_at < $1)`,
            [beforeMs],
          );
        }
        const deleted = await client.query(`DELETE FROM jobs WHERE ${TERMINAL} AND finished_at < $1`, [beforeMs]);
        return deleted.rowCount ?? 0;
      });
    },

    async deleteFinished(tenantId, id) {
      return inPgTransaction(pool, async (client) => {
        const job = await one(client, `DELETE FROM jobs WHERE id = $1 AND tenant_id = $2 AND ${TERMINAL} RETURNING *`, [
          id,
          tenantId,
        ]);
        if (job === null) return null;
        for (const table of JOB_DETAIL_TABLES) await client.query(`DELETE FROM ${table} WHERE job_id = $1`, [id]);
        return job;
      });
    },

    async listVideosToPurge(finishedBeforeMs, limit) {
      const result = await pool.query<JobRow>(
        `SELECT * FROM jobs WHERE ${VIDEO_KEPT} AND finished_at < $1 ORDER BY finished_at LIMIT $2`,
        [finishedBeforeMs, limit],
      );
      return result.rows.map(rowToJob);
    },

    async markVideoPurged(id, nowMs) {
      return one(
        pool,
        `UPDATE jobs SET video_purged_at = $1, updated_at = $1 WHERE id = $2 AND ${VIDEO_KEPT} RETURNING *`,
        [nowMs, id],
      );
    },

    listEvents: (query) => events.list(query),
    lastEventId: (tenantId, jobId) => events.lastId(tenantId, jobId),
    onEvents: (listener) => events.onEvents(listener),
    ...createPgJobCounts(pool),
    close: () => events.close(),
  };
}
