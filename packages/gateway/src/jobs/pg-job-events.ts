import pg from "pg";
import type { PgPool, PgQueryable } from "../db/pg-database.ts";
import { takePgLock } from "../db/pg-locks.ts";
import { createToken } from "../core/ids.ts";
import type { JobRecord } from "../core/types.ts";
import { jobEventTypeOf, type JobEventQuery, type StoredJobEvent } from "./job-events.ts";
import { rowToEvent, type JobEventRow } from "./job-row.ts";

/**
 * The channel every process's event writes are announced on. The table is the truth; the payload
 * only says which schema and which store wrote, so a store skips its own writes (it told its
 * listeners already) and those of other schemas on the same server.
 */
export const JOB_EVENTS_CHANNEL = "reelay_job_events";

/** Wait before listening again after the listening connection broke or could not be opened. */
const RELISTEN_MS = 1_000;

/** The job store's event table on PostgreSQL, and the announcements of every process's writes. */
export interface PgJobEvents {
  /**
   * Records the change from `previous` to `next` when a caller can see it, inside the transaction
   * of `client`, under the events lock (ids commit in order) and with a notification sent at
   * commit. True when it recorded one: then call `notify` once the transaction committed.
   */
  record(client: PgQueryable, previous: JobRecord | null, next: JobRecord, nowMs: number): Promise<boolean>;
  list(query: JobEventQuery): Promise<StoredJobEvent[]>;
  lastId(tenantId: string, jobId?: string): Promise<number>;
  /** Tells this store's listeners at once of its own committed writes. */
  notify(): void;
  /**
   * Calls `listener` after event writes of any process on the database (LISTEN/NOTIFY), and once
   * after the listening connection was replaced, since writes may have gone unannounced meanwhile.
   */
  onEvents(listener: () => void): () => void;
  close(): Promise<void>;
}

export function createPgJobEvents(pool: PgPool): PgJobEvents {
  const writer = createToken();
  const listeners = new Set<() => void>();
  const notifyAll = () => {
    for (const listener of listeners) listener();
  };
  let listening: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let reconnecting = false;

  /** One connection of its own (a pooled one would be handed to queries), re-opened when it breaks. */
  async function listen(): Promise<void> {
    const client = new pg.Client(pool.options);
    let schema = "";
    client.on("notification", (message) => {
      const [from = "", by = ""] = (message.payload ?? "").split(" ");
      if (from === schema && by !== writer) notifyAll();
    });
    client.on("error", () => {
      if (listening === client) listening = null;
      client.end().catch(() => undefined);
      schedule();
    });
    try {
      await client.connect();
      schema = (await client.query<{ schema: string }>("SELECT current_schema() AS schema")).rows[0]?.schema ?? "";
      await client.query(`LISTEN ${JOB_EVENTS_CHANNEL}`);
    } catch {
      await client.end().catch(() => undefined);
      schedule();
      return;
    }
    if (closed) {
      await client.end();
      return;
    }
    // Writes made while a broken connection was being replaced were not announced.
    if (reconnecting) notifyAll();
    reconnecting = false;
    listening = client;
  }
  function schedule(): void {
    if (closed || retry !== undefined) return;
    reconnecting = true;
    retry = setTimeout(() => {
      retry = undefined;
      void listen();
    }, RELISTEN_MS);
  }

  return {
    async record(client, previous, next, nowMs) {
      const type = jobEventTypeOf(previous, next);
      if (type === null) return false;
      await takePgLock(client, "jobEvents");
      await client.query(
        "INSERT INTO job_events (tenant_id, job_id, type, job, created_at) VALUES ($1, $2, $3, $4, $5)",
        [next.tenantId, next.id, type, JSON.stringify(next), nowMs],
      );
      await client.query(`SELECT pg_notify('${JOB_EVENTS_CHANNEL}', current_schema() || ' ' || $1)`, [writer]);
      return true;
    },
    notify: notifyAll,
    async list(query) {
      const result =
        query.jobId === undefined
          ? await pool.query<JobEventRow>(
              "SELECT * FROM job_events WHERE tenant_id = $1 AND id > $2 ORDER BY id LIMIT $3",
              [query.tenantId, query.afterId, query.limit],
            )
          : await pool.query<JobEventRow>(
              "SELECT * FROM job_events WHERE job_id = $1 AND tenant_id = $2 AND id > $3 ORDER BY id LIMIT $4",
              [query.jobId, query.tenantId, query.afterId, query.limit],
            );
      return result.rows.map(rowToEvent);
    },
    async lastId(tenantId, jobId) {
      const result =
        jobId === undefined
          ? await pool.query<{ id: number | null }>("SELECT MAX(id) AS id FROM job_events WHERE tenant_id = $1", [
              tenantId,
            ])
          : await pool.query<{ id: number | null }>(
              "SELECT MAX(id) AS id FROM job_events WHERE job_id = $1 AND tenant_id = $2",
              [jobId, tenantId],
            );
      return result.rows[0]?.id ?? 0;
    },
    onEvents(listener) {
      listeners.add(listener);
      if (listening === null && retry === undefined && !closed) void listen();
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      const client = listening;
      listening = null;
      await client?.end();
    },
  };
}
