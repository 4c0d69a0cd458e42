import type { Database } from "better-sqlite3";
import { entryToColumns, rowsToTimeline, type TimelineRow, type TimelineSummaryRow } from "./timeline-row.ts";
import { isRepeatable, MAX_REPEATED_ENTRIES, type StoredTimelineEntry, type TimelineStore } from "./timeline-store.ts";

/**
 * Job timelines on the job store's SQLite connection. Each write runs in an IMMEDIATE transaction,
 * so the cap's count and the job's existence hold until it commits, whichever process writes.
 */
export function createSqliteTimelineStore(db: Database): TimelineStore {
  const jobExists = db.prepare<[string], number>("SELECT 1 FROM jobs WHERE id = ?").pluck();
  const ensureSummary = db.prepare<[string, string]>(
    "INSERT INTO job_timeline_summaries (job_id, tenant_id) VALUES (?, ?) ON CONFLICT (job_id) DO NOTHING",
  );
  const countOfStep = db
    .prepare<[string, string], number>("SELECT COUNT(*) FROM job_timeline WHERE job_id = ? AND step = ?")
    .pluck();
  const insertEntry = db.prepare<TimelineRow & { job_id: string; tenant_id: string }>(
    `INSERT INTO job_timeline (job_id, tenant_id, at, step, details, provider_call)
     VALUES (@job_id, @tenant_id, @at, @step, @details, @provider_call)`,
  );
  const countOmitted = db.prepare<[string]>("UPDATE job_timeline_summaries SET omitted = omitted + 1 WHERE job_id = ?");
  // The WHERE makes it an INSERT … SELECT, which SQLite needs before an upsert clause.
  const countPoll = db.prepare<{ jobId: string; tenantId: string; at: number }>(
    `INSERT INTO job_timeline_summaries (job_id, tenant_id, polls, last_poll_at)
     SELECT @jobId, @tenantId, 1, @at WHERE EXISTS (SELECT 1 FROM jobs WHERE id = @jobId)
     ON CONFLICT (job_id) DO UPDATE SET polls = polls + 1, last_poll_at = MAX(COALESCE(last_poll_at, 0), excluded.last_poll_at)`,
  );
  const selectEntries = db.prepare<[string, string], TimelineRow>(
    "SELECT at, step, details, provider_call FROM job_timeline WHERE job_id = ? AND tenant_id = ? ORDER BY at, id",
  );
  const selectSummary = db.prepare<[string, string], TimelineSummaryRow>(
    "SELECT polls, last_poll_at, omitted FROM job_timeline_summaries WHERE job_id = ? AND tenant_id = ?",
  );

  const append = db.transaction((tenantId: string, jobId: string, entries: StoredTimelineEntry[]) => {
    if (jobExists.get(jobId) === undefined) return;
    ensureSummary.run(jobId, tenantId);
    for (const entry of entries) {
      if (isRepeatable(entry) && (countOfStep.get(jobId, entry.step) ?? 0) >= MAX_REPEATED_ENTRIES) {
        countOmitted.run(jobId);
      } else {
        insertEntry.run({ job_id: jobId, tenant_id: tenantId, ...entryToColumns(entry) });
      }
    }
  });
  const read = db.transaction((tenantId: string, jobId: string) =>
    rowsToTimeline(selectEntries.all(jobId, tenantId), selectSummary.get(jobId, tenantId)),
  );

  return {
    async append(tenantId, jobId, entries) {
      if (entries.length > 0) append.immediate(tenantId, jobId, entries);
    },
    async countPoll(tenantId, jobId, atMs) {
      countPoll.run({ jobId, tenantId, at: atMs });
    },
    async read(tenantId, jobId) {
      return read(tenantId, jobId);
    },
  };
}
