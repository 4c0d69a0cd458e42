import { inPgTransaction, type PgPool } from "../db/pg-database.ts";
import { entryToColumns, rowsToTimeline, type TimelineRow, type TimelineSummaryRow } from "./timeline-row.ts";
import { isRepeatable, MAX_REPEATED_ENTRIES, type TimelineStore } from "./timeline-store.ts";

/**
 * Job timelines on PostgreSQL, written by every process. An append holds a key-share lock on its
 * job (a delete of the job waits for it, or it sees the job gone) and locks the job's summary row,
 * so appends of one job from several processes take turns and the cap's counts hold.
 */
export function createPgTimelineStore(pool: PgPool): TimelineStore {
  return {
    async append(tenantId, jobId, entries) {
      if (entries.length === 0) return;
      await inPgTransaction(pool, async (client) => {
        const job = await client.query("SELECT 1 FROM jobs WHERE id = $1 FOR KEY SHARE", [jobId]);
        if (job.rowCount === 0) return;
        await client.query(
          "INSERT INTO job_timeline_summaries (job_id, tenant_id) VALUES ($1, $2) ON CONFLICT (job_id) DO NOTHING",
          [jobId, tenantId],
        );
        await client.query("SELECT 1 FROM job_timeline_summaries WHERE job_id = $1 FOR UPDATE", [jobId]);
        for (const entry of entries) {
          if (isRepeatable(entry)) {
            const kept = await client.query<{ count: number }>(
              "SELECT COUNT(*) AS count FROM job_timeline WHERE job_id = $1 AND step = $2",
              [jobId, entry.step],
            );
            if ((kept.rows[0]?.count ?? 0) >= MAX_REPEATED_ENTRIES) {
              await client.query("UPDATE job_timeline_summaries SET omitted = omitted + 1 WHERE job_id = $1", [jobId]);
              continue;
            }
          }
          const row = entryToColumns(entry);
          await client.query(
            `INSERT INTO job_timeline (job_id, tenant_id, at, step, details, provider_call)
             VALUES ($1, $2, $3, $4, $5, $6)`,
            [jobId, tenantId, row.at, row.step, row.details, row.provider_call],
          );
        }
      });
    },

    async countPoll(tenantId, jobId, atMs) {
      await pool.query(
        `INSERT INTO job_timeline_summaries (job_id, tenant_id, polls, last_poll_at)
         SELECT $1, $2, 1, $3 WHERE EXISTS (SELECT 1 FROM jobs WHERE id = $1)
         ON CONFLICT (job_id) DO UPDATE SET polls = job_timeline_summaries.polls + 1,
           last_poll_at = GREATEST(job_timeline_summaries.last_poll_at, excluded.last_poll_at)`,
        [jobId, tenantId, atMs],
      );
    },

    async read(tenantId, jobId) {
      const [entries, summary] = await Promise.all([
        pool.query<TimelineRow>(
          "SELECT at, step, details, provider_call FROM job_timeline WHERE job_id = $1 AND tenant_id = $2 ORDER BY at, id",
          [jobId, tenantId],
        ),
        pool.query<TimelineSummaryRow>(
          "SELECT polls, last_poll_at, omitted FROM job_timeline_summaries WHERE job_id = $1 AND tenant_id = $2",
          [jobId, tenantId],
        ),
      ]);
      return rowsToTimeline(entries.rows, summary.rows[0]);
    },
  };
}
