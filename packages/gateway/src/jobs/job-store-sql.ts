import { TERMINAL_STATUSES, type Failure, type JobStatus } from "../core/types.ts";
import { JOB_COLUMNS } from "./job-row.ts";

/*
 * What the SQLite and PostgreSQL job stores say alike. The predicates are spelled exactly like the
 * partial indexes' WHERE clauses in both engines' migrations: SQLite only uses a partial index
 * when the query repeats its predicate.
 */

export const ACTIVE = "status IN ('queued', 'running')";
export const TERMINAL = "status IN ('succeeded', 'failed', 'cancelled')";
export const VIDEO_KEPT = "status = 'succeeded' AND video IS NOT NULL AND video_purged_at IS NULL";

/** Due jobs looked at per job a claim may take. */
export const CANDIDATES_PER_CLAIM = 4;

/** A job that has not been submitted yet: claiming it would start a new upstream task. */
export const UNSUBMITTED = "status = 'queued' AND provider_task IS NULL AND submitting_since IS NULL";

/**
 * The tenant of the job in `jobs` has no free running slot at `now` (the engine's placeholder for
 * the current time): as many of its jobs as `max_running_jobs` are submitted (or being submitted),
 * or claimed for submitting under a live lease.
 */
export function tenantFull(now: string): string {
  return `EXISTS (SELECT 1 FROM tenants WHERE tenants.id = jobs.tenant_id
  AND tenants.max_running_jobs IS NOT NULL AND (SELECT COUNT(*) FROM jobs AS other
    WHERE other.tenant_id = tenants.id AND other.status IN ('queued', 'running')
      AND (other.status = 'running' OR other.submitting_since IS NOT NULL OR other.provider_task IS NOT NULL
        OR other.lease_expires_at > ${now})) >= tenants.max_running_jobs)`;
}

export const isTerminal = (status: string) => TERMINAL_STATUSES.includes(status as JobStatus);

export const CANCELLED_FAILURE: Failure = { code: "cancelled", message: "Cancelled at the caller's request." };

export const ALL_COLUMNS = Object.values(JOB_COLUMNS).map((mapping) => mapping.column);
