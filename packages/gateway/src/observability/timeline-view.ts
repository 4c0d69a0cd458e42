import type { JobTimeline, TimelineEntry } from "@reelay/client";
import type { JobRecord } from "../core/types.ts";
import type { StoredTimeline } from "./timeline-store.ts";

const iso = (milliseconds: number) => new Date(milliseconds).toISOString();

/** The public timeline of a job: its acceptance (from the job itself), then what was stored. */
export function toTimelineView(job: JobRecord, stored: StoredTimeline): JobTimeline {
  const accepted: TimelineEntry = {
    at: iso(job.createdAt),
    step: "accepted",
    details: { model: job.model },
    providerCall: null,
  };
  return {
    object: "job_timeline",
    jobId: job.id,
    entries: [accepted, ...stored.entries.map((entry): TimelineEntry => ({ ...entry, at: iso(entry.at) }))],
    polls: stored.polls,
    lastPollAt: stored.lastPollAt === null ? null : iso(stored.lastPollAt),
    omittedEntries: stored.omitted,
  };
}
