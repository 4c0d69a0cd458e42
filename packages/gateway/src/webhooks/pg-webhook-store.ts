import { createToken } from "../core/ids.ts";
import { inPgTransaction, type PgPool } from "../db/pg-database.ts";
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
import type { ClaimedDelivery, DispatchBatch, WebhookStore } from "./webhook-store.ts";

/** The columns a new delivery fills, with their types, for an insert of many rows from arrays. */
const NEW_DELIVERY_COLUMNS = [
  ["id", "text"],
  ["tenant_id", "text"],
  ["job_id", "text"],
  ["event_id", "bigint"],
  ["event_type", "text"],
  ["url", "text"],
  ["target", "text"],
  ["payload", "text"],
  ["occurred_at", "bigint"],
  ["created_at", "bigint"],
] as const satisfies ReadonlyArray<readonly [keyof NewDeliveryRow, string]>;

const NAMES = NEW_DELIVERY_COLUMNS.map(([name]) => name).join(", ");
const ARRAYS = NEW_DELIVERY_COLUMNS.map(([, type], index) => `$${index + 1}::${type}[]`).join(", ");
/** A delivery of an event to a URL is written once, whoever writes it again. */
const INSERT_DELIVERIES = `INSERT INTO webhook_deliveries (${NAMES}, status, attempts, next_attempt_at)
  SELECT ${NAMES}, 'pending', 0, created_at FROM unnest(${ARRAYS}) AS d(${NAMES})
  ON CONFLICT (event_id, url) DO NOTHING`;

// The status before a `status` event, from the job's previous event (the (job_id, id) index).
const SELECT_EVENTS = `SELECT e.id, e.tenant_id, e.job_id, e.type, e.job, e.created_at,
    CASE WHEN e.type = 'status' THEN (
      SELECT p.job::json ->> 'status' FROM job_events AS p
      WHERE p.job_id = e.job_id AND p.id < e.id ORDER BY p.id DESC LIMIT 1
    ) END AS previous_status
  FROM job_events AS e WHERE e.id > $1 ORDER BY e.id LIMIT $2`;

/**
 * Webhook deliveries in the shared PostgreSQL database, next to the `job_events` they come from.
 * Processes on the database share the work: the cursor moves by compare-and-set in the
 * transaction that writes its deliveries, so an event is dispatched once; claims lock the rows
 * they lease and skip rows another claim holds (`FOR UPDATE SKIP LOCKED`), so a delivery is sent
 * by one worker at a time; and a delivery waits while an earlier one of its job to its URL is
 * pending, whichever process holds that one. Takes the pool every store of the process shares;
 * whoever opened it ends it.
 */
export function createPgWebhookStore(pool: PgPool): WebhookStore {
  async function selectOwned(tenantId: string, id: string): Promise<DeliveryRow | undefined> {
    const result = await pool.query<DeliveryRow>("SELECT * FROM webhook_deliveries WHERE id = $1 AND tenant_id = $2", [
      id,
      tenantId,
    ]);
    return result.rows[0];
  }

  return {
    async readDispatchBatch(limit) {
      // One snapshot for the cursor, the events and the progress times, as one dispatcher saw them.
      return inPgTransaction(pool, async (client): Promise<DispatchBatch> => {
        await client.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        const cursor = await client.query<{ last_event_id: number }>(
          "SELECT last_event_id FROM webhook_cursor WHERE name = $1",
          [DISPATCH_CURSOR],
        );
        const afterEventId = cursor.rows[0]?.last_event_id ?? 0;
        const events = (await client.query<SourceEventRow>(SELECT_EVENTS, [afterEventId, limit])).rows.map(
          rowToSourceEvent,
        );
        const jobIds = [...new Set(events.map((source) => source.event.jobId))];
        const progress = await client.query<{ job_id: string; last: number }>(
          `SELECT job_id, MAX(occurred_at) AS last FROM webhook_deliveries
           WHERE job_id = ANY($1::text[]) AND event_type = 'job.progress' GROUP BY job_id`,
          [jobIds],
        );
        return { afterEventId, events, lastProgressAt: new Map(progress.rows.map((row) => [row.job_id, row.last])) };
      });
    },

    async recordDispatch(fromEventId, toEventId, deliveries) {
      return inPgTransaction(pool, async (client) => {
        // The row lock makes a second dispatcher wait here, then find the cursor moved and write nothing.
        const moved = await client.query(
          "UPDATE webhook_cursor SET last_event_id = $1 WHERE name = $2 AND last_event_id = $3",
          [toEventId, DISPATCH_CURSOR, fromEventId],
        );
        if (moved.rowCount !== 1) return false;
        if (deliveries.length > 0) {
          const rows = deliveries.map(newDeliveryToRow);
          await client.query(
            INSERT_DELIVERIES,
            NEW_DELIVERY_COLUMNS.map(([name]) => rows.map((row) => row[name])),
          );
        }
        return true;
      });
    },

    async claimDue(nowMs, leaseMs, limit) {
      if (limit < 1) return [];
      return inPgTransaction(pool, async (client): Promise<ClaimedDelivery[]> => {
        const due = await client.query<{ id: string }>(
          `SELECT id FROM webhook_deliveries AS d
           WHERE ${PENDING} AND next_attempt_at <= $1 AND (lease_expires_at IS NULL OR lease_expires_at <= $1)
             AND ${FIRST_IN_LINE}
           ORDER BY next_attempt_at, event_id LIMIT $2
           FOR UPDATE SKIP LOCKED`,
          [nowMs, limit],
        );
        if (due.rows.length === 0) return [];
        const tokens = new Map(due.rows.map((row) => [row.id, createToken()]));
        const leased = await client.query<DeliveryRow>(
          `UPDATE webhook_deliveries AS d SET lease_token = lease.token, lease_expires_at = $3
           FROM unnest($1::text[], $2::text[]) AS lease(id, token) WHERE d.id = lease.id RETURNING d.*`,
          [[...tokens.keys()], [...tokens.values()], nowMs + leaseMs],
        );
        const byId = new Map(leased.rows.map((row) => [row.id, row]));
        // In the order they were chosen, which the update does not keep.
        return [...tokens].flatMap(([id, leaseToken]) => {
          const row = byId.get(id);
          return row === undefined ? [] : [{ delivery: rowToDelivery(row), leaseToken }];
        });
      });
    },

    async recordAttempt(id, leaseToken, attempt) {
      const result = await pool.query(
        `UPDATE webhook_deliveries SET status = $3::text, attempts = attempts + 1, next_attempt_at = $5,
           last_status = $6, last_error = $7, last_attempt_at = $4::bigint,
           delivered_at = CASE WHEN $3::text = 'delivered' THEN $4::bigint ELSE delivered_at END,
           lease_token = NULL, lease_expires_at = NULL
         WHERE id = $1 AND lease_token = $2`,
        [id, leaseToken, attempt.status, attempt.nowMs, attempt.nextAttemptAt, attempt.lastStatus, attempt.lastError],
      );
      return result.rowCount === 1;
    },

    async nextDueAt() {
      // A leased delivery is not claimable before its lease expires, whatever its next attempt says.
      const result = await pool.query<{ at: number | null }>(
        `SELECT MIN(GREATEST(next_attempt_at, COALESCE(lease_expires_at, 0))) AS at FROM webhook_deliveries AS d
         WHERE ${PENDING} AND ${FIRST_IN_LINE}`,
      );
      return result.rows[0]?.at ?? null;
    },

    async get(tenantId, id) {
      const row = await selectOwned(tenantId, id);
      return row === undefined ? null : rowToDelivery(row);
    },

    async list(query) {
      const { conditions, fetchLimit } = deliveryListQuery(query);
      const where = conditions
        .map((condition, index) => `${condition.column} ${condition.operator} $${index + 1}`)
        .join(" AND ");
      const result = await pool.query<DeliveryRow>(
        `SELECT * FROM webhook_deliveries WHERE ${where} ORDER BY id DESC LIMIT $${conditions.length + 1}`,
        [...conditions.map((condition) => condition.value), fetchLimit],
      );
      return toDeliveryPage(result.rows, query.limit);
    },

    async retry(tenantId, id, nowMs) {
      const updated = await pool.query<DeliveryRow>(
        `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $1
         WHERE id = $2 AND tenant_id = $3 AND status <> 'delivered' RETURNING *`,
        [nowMs, id, tenantId],
      );
      const due = updated.rows[0];
      if (due !== undefined) return { outcome: "scheduled", delivery: rowToDelivery(due) };
      // Not made due: the tenant has no such delivery, or it was delivered, which it then stays.
      const row = await selectOwned(tenantId, id);
      return row === undefined ? { outcome: "not_found" } : { outcome: "delivered", delivery: rowToDelivery(row) };
    },
  };
}
