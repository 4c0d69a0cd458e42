import type { PgPool } from "../db/pg-database.ts";
import type { DueWork, JobCount, JobStore } from "./job-store.ts";

/** The job store's counts on PostgreSQL, read from the database every process shares. */
export function createPgJobCounts(pool: PgPool): Pick<JobStore, "countJobs" | "dueWork"> {
  return {
    async countJobs() {
      const result = await pool.query<JobCount>(
        "SELECT status, model, COUNT(*) AS count FROM jobs GROUP BY model, status ORDER BY model, status",
      );
      return result.rows;
    },
    async dueWork(nowMs) {
      // Spelled like the partial index jobs_due's predicate.
      const result = await pool.query<DueWork>(
        `SELECT COUNT(*) AS count, MIN(next_run_at) AS "oldestDueAt" FROM jobs
         WHERE status IN ('queued', 'running') AND next_run_at <= $1
           AND (lease_expires_at IS NULL OR lease_expires_at <= $1)`,
        [nowMs],
      );
      return result.rows[0] ?? { count: 0, oldestDueAt: null };
    },
  };
}
