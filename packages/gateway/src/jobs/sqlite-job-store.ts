import type { Database, Statement } from "better-sqlite3";
import { createToken } from "../core/ids.ts";
import type { JobRecord } from "../core/types.ts";
import { decodeJobCursor, encodeJobCursor } from "./job-cursor.ts";
import type { ClaimedJob, JobChange, JobPage, JobStore, ListJobsQuery } from "./job-store.ts";
import { openSqliteDatabase } from "../db/sqlite-database.ts";
import { FOLD_CASE_FUNCTION, containsPattern, registerFoldCase } from "../db/sqlite-text-search.ts";
import type { JobCharge } from "./job-charges.ts";
import { createSqliteJobCharges } from "./sqlite-job-charges.ts";
import { createSqliteJobEvents } from "./sqlite-job-events.ts";
import { JOB_DETAIL_TABLES, changeToAssignments, jobToRow, rowToJob } from "./job-row.ts";
import { createSqliteJobCounts } from "./sqlite-job-counts.ts";
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
import type { JobRow } from "./job-row.ts";

/** The tenant of the job in `jobs` has no free running slot at `@now`. */
const TENANT_FULL = tenantFull("@now");

/**
 * A job store on an SQLite file (the single-process default, DESIGN.md §6). Opens the file,
 * applies pending migrations and keeps one connection. Other processes may open the same file:
 * every read-then-write runs in an IMMEDIATE transaction, which takes SQLite's write lock before
 * reading, so claims, dedupe and cancels stay atomic across connections.
 */
export function openSqliteJobStore(path: string): JobStore {
  return createSqliteJobStore(openSqliteDatabase(path));
}

/** A job store on an open, migrated connection; `close` closes that connection. */
export function createSqliteJobStore(db: Database): JobStore {
  registerFoldCase(db);
  const insertJob = db.prepare<[JobRow], JobRow>(
    `INSERT INTO jobs (${ALL_COLUMNS.join(", ")}) VALUES (${ALL_COLUMNS.map((column) => `@${column}`).join(", ")})
     ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
     RETURNING *`,
  );
  const selectByKey = db.prepare<[string, string], JobRow>(
    "SELECT * FROM jobs WHERE tenant_id = ? AND idempotency_key = ?",
  );
  const selectOwned = db.prepare<[string, string], JobRow>("SELECT * FROM jobs WHERE id = ? AND tenant_id = ?");
  const selectLeased = db.prepare<[string, string], JobRow>("SELECT * FROM jobs WHERE id = ? AND lease_token = ?");
  // Jobs of tenants without a free running slot are passed over here, so they cannot keep other
  // tenants' jobs from being claimed; the slot is checked again for each job as it is leased.
  const selectDueIds = db
    .prepare<{ now: number; limit: number }, string>(
      `SELECT id FROM jobs
       WHERE ${ACTIVE} AND next_run_at <= @now AND (lease_expires_at IS NULL OR lease_expires_at <= @now)
         AND NOT (${UNSUBMITTED} AND ${TENANT_FULL})
       ORDER BY next_run_at, id LIMIT @limit`,
    )
    .pluck();
  const waitsForSlot = db
    .prepare<{ id: string; now: number }, number>(
      `SELECT 1 FROM jobs WHERE id = @id AND ${UNSUBMITTED} AND ${TENANT_FULL}`,
    )
    .pluck();
  const lease = db.prepare<[string, string, number, string], JobRow>(
    "UPDATE jobs SET lease_owner = ?, lease_token = ?, lease_expires_at = ? WHERE id = ? RETURNING *",
  );
  const selectByTask = db
    .prepare<[string, string], string>("SELECT id FROM jobs WHERE model = ? AND provider_task = ? LIMIT 1")
    .pluck();
  // Repeats the partial index's predicate (0008) so SQLite uses it.
  const bringForward = db
    .prepare<{ now: number; upstreamId: string; modelPrefix: string }, string>(
      `UPDATE jobs SET next_run_at = MIN(next_run_at, @now)
       WHERE upstream_id = @upstreamId AND ${ACTIVE} AND upstream_id IS NOT NULL
         AND substr(model, 1, length(@modelPrefix)) = @modelPrefix AND outputs IS NULL
       RETURNING id`,
    )
    .pluck();
  const extend = db.prepare<[number, string, string]>(
    "UPDATE jobs SET lease_expires_at = ? WHERE id = ? AND lease_token = ?",
  );
  const cancelNow = db.prepare<{ id: string; now: number; failure: string }, JobRow>(
    `UPDATE jobs SET status = 'cancelled', failure = @failure, finished_at = @now, updated_at = @now,
       cancel_requested_at = COALESCE(cancel_requested_at, @now)
     WHERE id = @id RETURNING *`,
  );
  // A repeated request keeps the first cancelRequestedAt: it is when the caller first asked.
  const markCancel = db.prepare<{ id: string; now: number }, JobRow>(
    `UPDATE jobs SET cancel_requested_at = COALESCE(cancel_requested_at, @now), next_run_at = @now,
       updated_at = @now
     WHERE id = @id RETURNING *`,
  );
  // A leased job cannot be claimed before its lease expires, whatever its next_run_at says.
  const selectNextDue = db
    .prepare<[], number | null>(`SELECT MIN(MAX(next_run_at, COALESCE(lease_expires_at, 0))) FROM jobs WHERE ${ACTIVE}`)
    .pluck();
  const purgeJobs = db.prepare<[number]>(`DELETE FROM jobs WHERE ${TERMINAL} AND finished_at < ?`);
  const purgeDetails = JOB_DETAIL_TABLES.map((table) =>
    db.prepare<[number]>(
      `DELETE FROM ${table} WHERE job_id IN (SELECT id FROM jobs WHERE ${TERMINAL} AND finished_at < ?)`,
    ),
  );
  const deleteJob = db.prepare<[string, string], JobRow>(
    `DELETE FROM jobs WHERE id = ? AND tenant_id = ? AND ${TERMINAL} RETURNING *`,
  );
  const deleteDetails = JOB_DETAIL_TABLES.map((table) => db.prepare<[string]>(`DELETE FROM ${table} WHERE job_id = ?`));
  const events = createSqliteJobEvents(db);
  const charges = createSqliteJobCharges(db);
  // Spelled like the partial index jobs_video_expiry (0006), so SQLite uses it.
  const selectVideosToPurge = db.prepare<[number, number], JobRow>(
    `SELECT * FROM jobs WHERE ${VIDEO_KEPT} AND finished_at < ? ORDER BY finished_at LIMIT ?`,
  );
  const markPurged = db.prepare<[number, number, string], JobRow>(
    `UPDATE jobs SET video_purged_at = ?, updated_at = ? WHERE id = ? AND ${VIDEO_KEPT} RETURNING *`,
  );

  // Statements whose text depends on the arguments, prepared once per shape.
  const dynamic = new Map<string, Statement<unknown[], JobRow>>();
  function prepared(sql: string): Statement<unknown[], JobRow> {
    let statement = dynamic.get(sql);
    if (statement === undefined) {
      statement = db.prepare<unknown[], JobRow>(sql);
      dynamic.set(sql, statement);
    }
    return statement;
  }

  const insertOrFind = db.transaction((job: JobRecord, charge: JobCharge | undefined) => {
    // A retried create returns its job whatever the budget says now: it was paid for once.
    const existing = job.idempotencyKey === null ? undefined : selectByKey.get(job.tenantId, job.idempotencyKey);
    if (existing !== undefined) return { inserted: false as const, job: rowToJob(existing) };
    // The write lock held since BEGIN IMMEDIATE makes the budget check and the reservation one step.
    if (charge !== undefined) charges.reserve(job, charge);
    const inserted = insertJob.get(jobToRow(job));
    if (inserted === undefined) throw new Error(`Job insert for ${job.id} was ignored though no job holds its key.`);
    const record = rowToJob(inserted);
    events.record(null, record, record.createdAt);
    return { inserted: true as const, job: record };
  });

  const claim = db.transaction((owner: string, nowMs: number, leaseMs: number, limit: number) => {
    const claimed: ClaimedJob[] = [];
    // Candidates beyond the limit stand in for jobs passed over below, when their tenant's slots
    // fill up within this claim.
    for (const id of selectDueIds.all({ now: nowMs, limit: limit * CANDIDATES_PER_CLAIM })) {
      if (claimed.length === limit) break;
      // Jobs claimed earlier in this loop hold slots now.
      if (waitsForSlot.get({ id, now: nowMs }) !== undefined) continue;
      const leaseToken = createToken();
      const row = lease.get(owner, leaseToken, nowMs + leaseMs, id);
      if (row !== undefined) claimed.push({ job: rowToJob(row), leaseToken });
    }
    return claimed;
  });

  const cancel = db.transaction((tenantId: string, id: string, nowMs: number) => {
    const row = selectOwned.get(id, tenantId);
    if (row === undefined) return null;
    if (row.status !== "queued" && row.status !== "running") return rowToJob(row);
    // "Not leased" means nobody holds a token, not merely an expired one: a worker whose lease
    // expired may still be inside a provider call and would otherwise overwrite the cancellation
    // with its (still valid) token. A job marked as submitting may already exist upstream. Both go
    // through a worker, which can cancel upstream or reconcile.
    const idle =
      row.status === "queued" &&
      row.provider_task === null &&
      row.lease_token === null &&
      row.submitting_since === null;
    const updated = idle
      ? cancelNow.get({ id, now: nowMs, failure: JSON.stringify(CANCELLED_FAILURE) })
      : markCancel.get({ id, now: nowMs });
    if (updated === undefined) return null;
    const job = rowToJob(updated);
    if (job.status === "cancelled") charges.settle(job, nowMs);
    events.record(rowToJob(row), job, nowMs);
    return job;
  });

  /** The compare-and-set write of `update`, with the event its change makes. */
  const applyChange = db.transaction(
    (sql: string, values: unknown[], id: string, leaseToken: string, nowMs: number) => {
      const before = selectLeased.get(id, leaseToken);
      if (before === undefined) return { job: null, recorded: false };
      const row = prepared(sql).get(...values);
      if (row === undefined) return { job: null, recorded: false };
      const job = rowToJob(row);
      if (isTerminal(job.status) && !isTerminal(before.status)) charges.settle(job, nowMs);
      return { job, recorded: events.record(rowToJob(before), job, nowMs) };
    },
  );

  const purge = db.transaction((beforeMs: number) => {
    for (const statement of purgeDetails) statement.run(beforeMs);
    return purgeJobs.run(beforeMs).changes;
  });

  const deleteOne = db.transaction((tenantId: string, id: string) => {
    const row = deleteJob.get(id, tenantId);
    if (row === undefined) return null;
    for (const statement of deleteDetails) statement.run(id);
    return rowToJob(row);
  });

  /** Runs a write and tells event listeners when it recorded one, after it committed. */
  function notifying<T>(result: T, recorded: boolean): T {
    if (recorded) events.notify();
    return result;
  }

  return {
    async insert(job, charge) {
      const result = insertOrFind.immediate(job, charge);
      return notifying(result, result.inserted);
    },

    async get(tenantId, id) {
      const row = selectOwned.get(id, tenantId);
      return row === undefined ? null : rowToJob(row);
    },

    async list(query: ListJobsQuery): Promise<JobPage> {
      if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > 100) {
        throw new RangeError(`List limit must be an integer from 1 to 100, got ${query.limit}.`);
      }
      const conditions = ["tenant_id = ?"];
      const values: unknown[] = [query.tenantId];
      if (query.status !== undefined) {
        conditions.push("status = ?");
        values.push(query.status);
      }
      if (query.model !== undefined) {
        conditions.push("model = ?");
        values.push(query.model);
      }
      if (query.category !== undefined) {
        conditions.push("category = ?");
        values.push(query.category);
      }
      if (query.promptContains !== undefined) {
        conditions.push(`${FOLD_CASE_FUNCTION}(json_extract(request, '$.prompt')) LIKE ? ESCAPE '\\'`);
        values.push(containsPattern(query.promptContains));
      }
      const descending = query.order !== "asc";
      const afterId = query.cursor === undefined ? query.afterId : decodeJobCursor(query.cursor);
      if (afterId !== undefined) {
        conditions.push(descending ? "id < ?" : "id > ?");
        values.push(afterId);
      }
      // One row more than asked tells whether another page exists without a second query, so the
      // last page never hands out a cursor to an empty page.
      values.push(query.limit + 1);
      const sql = `SELECT * FROM jobs WHERE ${conditions.join(" AND ")} ORDER BY id ${descending ? "DESC" : "ASC"} LIMIT ?`;
      const rows = prepared(sql).all(...values);
      const page = rows.slice(0, query.limit).map(rowToJob);
      const last = page.at(-1);
      return {
        jobs: page,
        nextCursor: rows.length > query.limit && last !== undefined ? encodeJobCursor(last.id) : null,
      };
    },

    async claimDue(owner, nowMs, leaseMs, limit) {
      if (limit < 1) return [];
      return claim.immediate(owner, nowMs, leaseMs, limit);
    },

    async update(id: string, leaseToken: string, change: JobChange, options) {
      const { columns, values } = changeToAssignments(change);
      // A cancel requested while the worker held the job must not be pushed back by the worker's
      // next poll time: the job stays due now.
      const assignments = [
        ...columns.map((column) =>
          column === "next_run_at"
            ? "next_run_at = CASE WHEN cancel_requested_at IS NULL THEN ? ELSE MIN(?, cancel_requested_at) END"
            : `${column} = ?`,
        ),
        "updated_at = ?",
      ];
      const nextRunIndex = columns.indexOf("next_run_at");
      if (nextRunIndex >= 0) values.splice(nextRunIndex, 0, values[nextRunIndex] ?? null);
      if (options.release) assignments.push("lease_owner = NULL", "lease_token = NULL", "lease_expires_at = NULL");
      // The compare (lease_token = ?) and the set happen in one statement; the transaction adds
      // the row as it was before, which names the event.
      const sql = `UPDATE jobs SET ${assignments.join(", ")} WHERE id = ? AND lease_token = ? RETURNING *`;
      const result = applyChange.immediate(
        sql,
        [...values, options.nowMs, id, leaseToken],
        id,
        leaseToken,
        options.nowMs,
      );
      return notifying(result.job, result.recorded);
    },

    async jobOfProviderTask(model, task) {
      return selectByTask.get(model, JSON.stringify(task)) ?? null;
    },

    async pollNow(provider, upstreamId, nowMs) {
      return bringForward.all({ now: nowMs, upstreamId, modelPrefix: `${provider}/` });
    },

    async extendLease(id, leaseToken, leaseExpiresAt) {
      return extend.run(leaseExpiresAt, id, leaseToken).changes === 1;
    },

    async requestCancel(tenantId, id, nowMs) {
      const job = cancel.immediate(tenantId, id, nowMs);
      return notifying(job, job !== null);
    },

    async nextDueAt() {
      return selectNextDue.get() ?? null;
    },

    async purgeFinished(beforeMs) {
      return purge.immediate(beforeMs);
    },

    async deleteFinished(tenantId, id) {
      return deleteOne.immediate(tenantId, id);
    },

    async listVideosToPurge(finishedBeforeMs, limit) {
      return selectVideosToPurge.all(finishedBeforeMs, limit).map(rowToJob);
    },

    async markVideoPurged(id, nowMs) {
      const row = markPurged.get(nowMs, nowMs, id);
      return row === undefined ? null : rowToJob(row);
    },

    async listEvents(query) {
      return events.list(query);
    },

    async lastEventId(tenantId, jobId) {
      return events.lastId(tenantId, jobId);
    },

    onEvents: (listener) => events.onEvents(listener),

    ...createSqliteJobCounts(db),

    async close() {
      if (db.open) db.close();
    },
  };
}
