import type { TimelineEntry } from "@reelay/client";
import { TERMINAL_STATUSES } from "../core/types.ts";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A timeline entry as stored: its time in ms since the epoch. */
export type StoredTimelineEntry = DistributiveOmit<TimelineEntry, "at"> & { at: number };

/** What is kept of one job's timeline. */
export interface StoredTimeline {
  /** Oldest first: by time, then in the order they were written. */
  entries: StoredTimelineEntry[];
  /** Polls counted so far. */
  polls: number;
  lastPollAt: number | null;
  /** Entries left out over the cap. */
  omitted: number;
}

/** Entries of one step that can repeat without end are kept up to this many per job; the rest are counted. */
export const MAX_REPEATED_ENTRIES = 50;

/**
 * Whether an entry's step can repeat without end (and is capped): failed calls, queued/running
 * flips, progress webhooks and webhook attempts that will be retried. Everything else happens a
 * bounded number of times per job and is always kept.
 */
export function isRepeatable(entry: StoredTimelineEntry): boolean {
  switch (entry.step) {
    case "call_failed":
      return true;
    case "status_changed":
      return !TERMINAL_STATUSES.includes(entry.details.to);
    case "webhook_sent":
      return entry.details.eventType === "job.progress" || entry.details.outcome === "failed";
    default:
      return false;
  }
}

/**
 * Durable job timelines on the job store's database (migration 0011 / postgres 0003). Every read
 * takes the tenant: another tenant's job has an empty timeline. Rows are deleted with their job by
 * the job store; writes about a job that no longer exists are dropped. Every implementation passes
 * `timeline-store.contract.ts`.
 */
export interface TimelineStore {
  /**
   * Adds `entries` to the job's timeline, in order; a repeatable entry of a step that already has
   * `MAX_REPEATED_ENTRIES` entries is counted as omitted instead.
   */
  append(tenantId: string, jobId: string, entries: StoredTimelineEntry[]): Promise<void>;
  /** Counts one poll of the job, sent at `atMs`. */
  countPoll(tenantId: string, jobId: string, atMs: number): Promise<void>;
  /** The tenant's job's timeline; empty for a job without one (or another tenant's). */
  read(tenantId: string, jobId: string): Promise<StoredTimeline>;
}
