import type { StoredTimeline, StoredTimelineEntry } from "./timeline-store.ts";

/** One row of `job_timeline` as both engines return it. */
export interface TimelineRow {
  at: number;
  step: string;
  details: string;
  provider_call: string | null;
}

/** One row of `job_timeline_summaries` as both engines return it. */
export interface TimelineSummaryRow {
  polls: number;
  last_poll_at: number | null;
  omitted: number;
}

/** The columns an entry is written as. */
export function entryToColumns(entry: StoredTimelineEntry): TimelineRow {
  return {
    at: entry.at,
    step: entry.step,
    details: JSON.stringify(entry.details),
    provider_call: entry.providerCall === null ? null : JSON.stringify(entry.providerCall),
  };
}

export function rowsToTimeline(rows: TimelineRow[], summary: TimelineSummaryRow | undefined): StoredTimeline {
  return {
    entries: rows.map(
      (row) =>
        ({
          at: row.at,
          step: row.step,
          details: JSON.parse(row.details) as unknown,
          providerCall: row.provider_call === null ? null : (JSON.parse(row.provider_call) as unknown),
        }) as StoredTimelineEntry,
    ),
    polls: summary?.polls ?? 0,
    lastPollAt: summary?.last_poll_at ?? null,
    omitted: summary?.omitted ?? 0,
  };
}
