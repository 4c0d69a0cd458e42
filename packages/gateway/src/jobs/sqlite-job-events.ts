import type { Database } from "better-sqlite3";
import type { JobRecord } from "../core/types.ts";
import { jobEventTypeOf, type JobEventQuery, type StoredJobEvent } from "./job-events.ts";
import { rowToEvent, type JobEventRow } from "./job-row.ts";

/** The job store's event table (migration 0004): written inside the store's transactions. */
export interface SqliteJobEvents {
  /** Records the change from `previous` to `next` when a caller can see it; true when it did. */
  record(previous: JobRecord | null, next: JobRecord, nowMs: number): boolean;
  list(query: JobEventQuery): StoredJobEvent[];
  lastId(tenantId: string, jobId?: string): number;
  onEvents(listener: () => void): () => void;
  /** Tells the listeners; call after the transaction that recorded events committed. */
  notify(): void;
}

export function createSqliteJobEvents(db: Database): SqliteJobEvents {
  const insert = db.prepare<[string, string, string, string, number]>(
    "INSERT INTO job_events (tenant_id, job_id, type, job, created_at) VALUES (?, ?, ?, ?, ?)",
  );
  const byTenant = db.prepare<[string, number, number], JobEventRow>(
    "SELECT * FROM job_events WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT ?",
  );
  // The job filter alone uses the (job_id, id) index; the tenant check keeps other tenants out.
  const byJob = db.prepare<[string, string, number, number], JobEventRow>(
    "SELECT * FROM job_events WHERE job_id = ? AND tenant_id = ? AND id > ? ORDER BY id LIMIT ?",
  );
  const lastOfTenant = db
    .prepare<[string], number | null>("SELECT MAX(id) FROM job_events WHERE tenant_id = ?")
    .pluck();
  const lastOfJob = db
    .prepare<[string, string], number | null>("SELECT MAX(id) FROM job_events WHERE job_id = ? AND tenant_id = ?")
    .pluck();
  const listeners = new Set<() => void>();

  return {
    record(previous, next, nowMs) {
      const type = jobEventTypeOf(previous, next);
      if (type === null) return false;
      insert.run(next.tenantId, next.id, type, JSON.stringify(next), nowMs);
      return true;
    },
    list(query) {
      const rows =
        query.jobId === undefined
          ? byTenant.all(query.tenantId, query.afterId, query.limit)
          : byJob.all(query.jobId, query.tenantId, query.afterId, query.limit);
      return rows.map(rowToEvent);
    },
    lastId(tenantId, jobId) {
      return (jobId === undefined ? lastOfTenant.get(tenantId) : lastOfJob.get(jobId, tenantId)) ?? 0;
    },
    onEvents(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    notify() {
      for (const listener of listeners) listener();
    },
  };
}
