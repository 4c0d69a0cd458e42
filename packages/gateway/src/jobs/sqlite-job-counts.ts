import type { Database } from "better-sqlite3";
import type { DueWork, JobCount, JobStore } from "./job-store.ts";

/** The job store's counts on SQLite: one statement each, on the indexes of migrations 0001 and 0011. */
export function createSqliteJobCounts(db: Database): Pick<JobStore, "countJobs" | "dueWork"> {
  const countByStatus = db.prepare<[], JobCount>(
    "SELECT status, model, COUNT(*) AS count FROM jobs GROUP BY model, status ORDER BY model, status",
  );
  // Spelled like the partial index jobs_due's predicate, so SQLite uses it.
  const selectDue = db.prepare<{ now: number }, DueWork>(
    `SELECT COUNT(*) AS count, MIN(next_run_at) AS oldestDueAt FROM jobs
     WHERE status IN ('queued', 'running') AND next_run_at <= @now
       AND (lease_expires_at IS NULL OR lease_expires_at <= @now)`,
  );
  return {
    async countJobs() {
      return countByStatus.all();
    },
    async dueWork(nowMs) {
      return selectDue.get({ now: nowMs }) ?? { count: 0, oldestDueAt: null };
    },
  };
}
