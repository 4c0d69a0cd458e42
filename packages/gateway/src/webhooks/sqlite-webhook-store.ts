import type { Database, Statement } from "better-sqlite3";
import { createToken } from "../core/ids.ts";
import { deliveryListQuery, toDeliveryPage } from "./delivery-list-query.ts";
import { DISPATCH_CURSOR, FIRST_IN_LINE, PENDING } from "./webhook-store-sql.ts";
import {
  newDeliveryToRow,
  rowToDelivery,
  rowToSourceEvent,
  type DeliveryRow,
  type NewDeliveryRow,
  type SourceEventRow,
} from "./webhook-row.ts";
import type { ClaimedDelivery, WebhookStore } from "./webhook-store.ts";

/**
 * Webhook deliveries on the job store's SQLite connection (it reads `job_events`). Every
 * read-then-write runs in an IMMEDIATE transaction, so processes sharing the file cannot claim the
 * same delivery or dispatch the same events twice.
 */
export function createSqliteWebhookStore(db: Database): WebhookStore {
  const selectCursor = db.prepare<[string], number>("SELECT last_event_id FROM webhook_cursor WHERE name = ?").pluck();
  const moveCursor = db.prepare<[number, string]>("UPDATE webhook_cursor SET last_event_id = ? WHERE name = ?");
  // The status before a `status` event, from the job's previous event (the (job_id, id) index).
  const selectEvents = db.prepare<[number, number], SourceEventRow>(
    `SELECT e.id, e.tenant_id, e.job_id, e.type, e.job, e.created_at,
       CASE WHEN e.type = 'status' THEN (
         SELECT json_extract(p.job, '$.status') FROM job_events AS p
         WHERE p.job_id = e.job_id AND p.id < e.id ORDER BY p.id DESC LIMIT 1
       ) END AS previous_status
     FROM job_events AS e WHERE e.id > ? ORDER BY e.id LIMIT ?`,
  );
  const selectLastProgress = db
    .prepare<[string], number | null>(
      "SELECT MAX(occurred_at) FROM webhook_deliveries WHERE job_id = ? AND event_type = 'job.progress'",
    )
    .pluck();
  const insertDelivery = db.prepare<[NewDeliveryRow]>(
    `INSERT INTO webhook_deliveries (id, tenant_id, job_id, event_id, event_type, url, target, payload, occurred_at,
       status, attempts, next_attempt_at, created_at)
     VALUES (@id, @tenant_id, @job_id, @event_id, @event_type, @url, @target, @payload, @occurred_at,
       'pending', 0, @created_at, @created_at)
     ON CONFLICT (event_id, url) DO NOTHING`,
  );
  const selectDueIds = db
    .prepare<[number, number, number], string>(
      `SELECT id FROM webhook_deliveries AS d
       WHERE ${PENDING} AND next_attempt_at <= ? AND (lease_expires_at IS NULL OR lease_expires_at <= ?) AND ${FIRST_IN_LINE}
       ORDER BY next_attempt_at, event_id LIMIT ?`,
    )
    .pluck();
  const lease = db.prepare<[string, number, string], DeliveryRow>(
    "UPDATE webhook_deliveries SET lease_token = ?, lease_expires_at = ? WHERE id = ? RETURNING *",
  );
  const finishAttempt = db.prepare<{
    id: string;
    token: string;
    now: number;
    status: string;
    next: number | null;
    last_status: number | null;
    last_error: string | null;
  }>(
    `UPDATE webhook_deliveries SET status = @status, attempts = attempts + 1, next_attempt_at = @next,
       last_status = @last_status, last_error = @last_error, last_attempt_at = @now,
       delivered_at = CASE WHEN @status = 'delivered' THEN @now ELSE delivered_at END,
       lease_token = NULL, lease_expires_at = NULL
     WHERE id = @id AND lease_token = @token`,
  );
  // A leased delivery is not claimable before its lease expires, whatever its next attempt says.
  const selectNextDue = db
    .prepare<[], number | null>(
      `SELECT MIN(MAX(next_attempt_at, COALESCE(lease_expires_at, 0))) FROM webhook_deliveries AS d
       WHERE ${PENDING} AND ${FIRST_IN_LINE}`,
    )
    .pluck();
  const selectOwned = db.prepare<[string, string], DeliveryRow>(
    "SELECT * FROM webhook_deliveries WHERE id = ? AND tenant_id = ?",
  );
  const makeDue = db.prepare<[number, string], DeliveryRow>(
    "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ? WHERE id = ? RETURNING *",
  );

  const dynamic = new Map<string, Statement<unknown[], DeliveryRow>>();
  function prepared(sql: string): Statement<unknown[], DeliveryRow> {
    let statement = dynamic.get(sql);
    if (statement === undefined) {
      statement = db.prepare<unknown[], DeliveryRow>(sql);
      dynamic.set(sql, statement);
    }
    return statement;
  }

  const readBatch = db.transaction((limit: number) => {
    const afterEventId = selectCursor.get(DISPATCH_CURSOR) ?? 0;
    const events = selectEvents.all(afterEventId, limit).map(rowToSourceEvent);
    const lastProgressAt = new Map<string, number>();
    for (const jobId of new Set(events.map((source) => source.event.jobId))) {
      const last = selectLastProgress.get(jobId);
      if (last !== null && last !== undefined) lastProgressAt.set(jobId, last);
    }
    return { afterEventId, events, lastProgressAt };
  });

  const dispatch = db.transaction((from: number, to: number, rows: NewDeliveryRow[]) => {
    if ((selectCursor.get(DISPATCH_CURSOR) ?? 0) !== from) return false;
    for (const row of rows) insertDelivery.run(row);
    moveCursor.run(to, DISPATCH_CURSOR);
    return true;
  });

  const claim = db.transaction((nowMs: number, leaseMs: number, limit: number) => {
    const claimed: ClaimedDelivery[] = [];
    for (const id of selectDueIds.all(nowMs, nowMs, limit)) {
      const leaseToken = createToken();
      const row = lease.get(leaseToken, nowMs + leaseMs, id);
      if (row !== undefined) claimed.push({ delivery: rowToDelivery(row), leaseToken });
    }
    return claimed;
  });

  const retry = db.transaction((tenantId: string, id: string, nowMs: number) => {
    const row = selectOwned.get(id, tenantId);
    if (row === undefined) return { outcome: "not_found" as const };
    if (row.status === "delivered") return { outcome: "delivered" as const, delivery: rowToDelivery(row) };
    const updated = makeDue.get(nowMs, id);
    if (updated === undefined) return { outcome: "not_found" as const };
    return { outcome: "scheduled" as const, delivery: rowToDelivery(updated) };
  });

  return {
    async readDispatchBatch(limit) {
      return readBatch(limit);
    },

    async recordDispatch(fromEventId, toEventId, deliveries) {
      return dispatch.immediate(fromEventId, toEventId, deliveries.map(newDeliveryToRow));
    },

    async claimDue(nowMs, leaseMs, limit) {
      if (limit < 1) return [];
      return claim.immediate(nowMs, leaseMs, limit);
    },

    async recordAttempt(id, leaseToken, attempt) {
      const result = finishAttempt.run({
        id,
        token: leaseToken,
        now: attempt.nowMs,
        status: attempt.status,
        next: attempt.nextAttemptAt,
        last_status: attempt.lastStatus,
        last_error: attempt.lastError,
      });
      return result.changes === 1;
    },

    async nextDueAt() {
      return selectNextDue.get() ?? null;
    },

    async get(tenantId, id) {
      const row = selectOwned.get(id, tenantId);
      return row === undefined ? null : rowToDelivery(row);
    },

    async list(query) {
      const { conditions, fetchLimit } = deliveryListQuery(query);
      const where = conditions.map((condition) => `${condition.column} ${condition.operator} ?`).join(" AND ");
      const sql = `SELECT * FROM webhook_deliveries WHERE ${where} ORDER BY id DESC LIMIT ?`;
      const rows = prepared(sql).all(...conditions.map((condition) => condition.value), fetchLimit);
      return toDeliveryPage(rows, query.limit);
    },

    async retry(tenantId, id, nowMs) {
      return retry.immediate(tenantId, id, nowMs);
    },
  };
}
