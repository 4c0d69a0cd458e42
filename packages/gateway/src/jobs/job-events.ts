import type { JobEventType } from "@reelay/client";
import type { JobRecord } from "../core/types.ts";

/** The kinds of change a store records; `snapshot` is only ever made by a stream. */
export type StoredJobEventType = Exclude<JobEventType, "snapshot">;

/** One recorded change of a job: what changed, and the whole job after it. */
export interface StoredJobEvent {
  /** Increasing across the store: later writes have larger ids. */
  id: number;
  tenantId: string;
  jobId: string;
  type: StoredJobEventType;
  /** The job right after the change. */
  job: JobRecord;
  /** When the change was written, ms since the epoch. */
  createdAt: number;
}

/** Which of a tenant's events to read. */
export interface JobEventQuery {
  tenantId: string;
  /** Only this job's events. */
  jobId?: string;
  /** Only events with a larger id. */
  afterId: number;
  /** At most this many, oldest first. */
  limit: number;
}

const isTerminal = (job: JobRecord) => job.status !== "queued" && job.status !== "running";

/**
 * What a write changed that a caller can see, or null when it changed only bookkeeping (attempts,
 * next run, lease). `previous` is null for a new job. The most significant change names the event;
 * the event carries the whole job either way.
 */
export function jobEventTypeOf(previous: JobRecord | null, next: JobRecord): StoredJobEventType | null {
  if (previous === null) return isTerminal(next) ? "done" : "status";
  if (previous.status !== next.status) return isTerminal(next) ? "done" : "status";
  if (previous.cancelRequestedAt !== next.cancelRequestedAt) return "status";
  if (previous.warnings.length !== next.warnings.length) return "warnings";
  if (
    previous.progress !== next.progress ||
    previous.progressSource !== next.progressSource ||
    previous.expectedFinishAt !== next.expectedFinishAt
  ) {
    return "progress";
  }
  return null;
}
