import type { JobRecord, JobStatus, ProviderTask } from "../core/types.ts";
import type { JobCharge } from "./job-charges.ts";
import type { JobEventQuery, StoredJobEvent } from "./job-events.ts";

/** Filters and paging for listing a tenant's jobs, newest first unless `order` says otherwise. */
export interface ListJobsQuery {
  tenantId: string;
  status?: JobStatus;
  model?: string;
  /** Only jobs of this category (by id). */
  category?: string;
  /** Only jobs whose prompt contains this text, ignoring case. */
  promptContains?: string;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
  /** Starts after the job with this id in the listing's order, as OpenAI's `after` does; instead of `cursor`. */
  afterId?: string;
  /** `desc`: newest first (the default); `asc`: oldest first. */
  order?: "asc" | "desc";
  /** Page size, 1–100. */
  limit: number;
}

export interface JobPage {
  jobs: JobRecord[];
  nextCursor: string | null;
}

/** A job claimed by a worker: only changes carrying `leaseToken` are applied. */
export interface ClaimedJob {
  job: JobRecord;
  leaseToken: string;
}

/** Fields a worker may change on a claimed job. */
export type JobChange = Partial<
  Pick<
    JobRecord,
    | "status"
    | "providerTask"
    | "upstreamId"
    | "progress"
    | "progressSource"
    | "expectedFinishAt"
    | "outputs"
    | "video"
    | "warnings"
    | "failure"
    | "attempts"
    | "rateLimits"
    | "startedAt"
    | "finishedAt"
    | "nextRunAt"
    | "submittingSince"
  >
>;

/** How many jobs of every tenant have one status and model. */
export interface JobCount {
  status: JobStatus;
  model: string;
  count: number;
}

/** Work waiting for a worker: active jobs that are due and that no live lease holds. */
export interface DueWork {
  count: number;
  /** The earliest `nextRunAt` among them; null when there are none. */
  oldestDueAt: number | null;
}

/** Result of inserting a job: the existing job when the idempotency key was already used. */
export type InsertResult = { inserted: true; job: JobRecord } | { inserted: false; job: JobRecord };

/** Thrown by `list` for a cursor it did not make. */
export class InvalidCursorError extends Error {
  constructor() {
    super("The cursor is not valid; pass the nextCursor value of a previous page unchanged.");
    this.name = "InvalidCursorError";
  }
}

/**
 * Durable job storage (DESIGN.md §4). Every implementation passes `job-store.contract.ts`.
 * All times are milliseconds since the epoch, passed in by the caller (no hidden clock).
 *
 * Every `insert`, `update` and `requestCancel` that changes what a caller sees of a job (see
 * `jobEventTypeOf`) records one event in the same transaction, so event streams miss nothing.
 */
export interface JobStore {
  /**
   * Writes a new job. When `job.idempotencyKey` is set and the tenant already has a job with that
   * key, nothing is written and the existing job is returned.
   *
   * With `charge`, the job's price is reserved in the same transaction; when it does not fit what
   * is left of the tenant's budget for the month, nothing is written and `BudgetExceededError` is
   * thrown. The write that ends a job settles its charge: from the video's duration when it
   * succeeded, released when it failed or was cancelled.
   */
  insert(job: JobRecord, charge?: JobCharge): Promise<InsertResult>;
  /** A tenant's job, or null (another tenant's job is null too). */
  get(tenantId: string, id: string): Promise<JobRecord | null>;
  list(query: ListJobsQuery): Promise<JobPage>;
  /**
   * Leases up to `limit` non-terminal jobs whose `nextRunAt` ≤ `nowMs` and whose lease is free or
   * expired, oldest due first. Each gets a fresh lease token, `leaseOwner = owner` and
   * `leaseExpiresAt = nowMs + leaseMs`. A job not yet submitted is left waiting while its tenant
   * already has as many jobs running (submitted, or claimed for submitting) as its
   * `max_running_jobs` allows.
   */
  claimDue(owner: string, nowMs: number, leaseMs: number, limit: number): Promise<ClaimedJob[]>;
  /**
   * Applies `change` when the job still holds `leaseToken` (compare-and-set), and sets `updatedAt`.
   * With `release`, the lease is cleared in the same write. Returns the new record, or null when
   * the lease was lost (the change is not applied).
   */
  update(
    id: string,
    leaseToken: string,
    change: JobChange,
    options: { nowMs: number; release: boolean },
  ): Promise<JobRecord | null>;
  /**
   * The id of the job of `model` that follows `task` upstream, or null. Tasks compare by their
   * JSON, which each adapter writes the same way every time.
   */
  jobOfProviderTask(model: string, task: ProviderTask): Promise<string | null>;
  /**
   * Makes the active jobs of `provider` that follow the task with `upstreamId` and have no outputs
   * yet due at `nowMs`, because the provider said the task changed. Only ever earlier, never later;
   * nothing a caller sees changes, so no event is written. Returns their ids.
   */
  pollNow(provider: string, upstreamId: string, nowMs: number): Promise<string[]>;
  /** Pushes the lease expiry of a job still held with `leaseToken`; false when the lease was lost. */
  extendLease(id: string, leaseToken: string, leaseExpiresAt: number): Promise<boolean>;
  /**
   * Records a cancel request. A queued job that has no provider task, no lease token (not even an
   * expired one) and no `submittingSince` is cancelled at once (status `cancelled`, failure
   * `cancelled`, `finishedAt`). Any other non-terminal job gets `cancelRequestedAt` and
   * `nextRunAt = nowMs` so a worker acts on it soon; later updates cannot push `nextRunAt` past
   * `cancelRequestedAt`.
   * Terminal jobs are returned unchanged. Null when the tenant has no such job.
   */
  requestCancel(tenantId: string, id: string, nowMs: number): Promise<JobRecord | null>;
  /**
   * Earliest time at which `claimDue` could return a job (a non-terminal job's `nextRunAt`, or its
   * lease expiry when later), or null; lets the worker sleep until then.
   */
  nextDueAt(): Promise<number | null>;
  /**
   * Succeeded jobs with a stored video not yet purged, finished before `finishedBeforeMs`, oldest
   * first, at most `limit`: the videos retention deletes next.
   */
  listVideosToPurge(finishedBeforeMs: number, limit: number): Promise<JobRecord[]>;
  /** Records that a job's video was deleted; null when it was not a succeeded job with a video. */
  markVideoPurged(id: string, nowMs: number): Promise<JobRecord | null>;
  /** Deletes terminal jobs finished before `beforeMs`, their events and timelines; returns how many jobs. */
  purgeFinished(beforeMs: number): Promise<number>;
  /**
   * Deletes a tenant's terminal job, its events and its timeline; returns the job as it was, or null
   * when the tenant has no such job or it is not terminal (a job still running is never deleted).
   */
  deleteFinished(tenantId: string, id: string): Promise<JobRecord | null>;
  /** The number of jobs of each status and model, across tenants (the metrics' gauges); no zero counts. */
  countJobs(): Promise<JobCount[]>;
  /** The active jobs due at `nowMs` whose lease is free or expired, across tenants. */
  dueWork(nowMs: number): Promise<DueWork>;
  /** A tenant's recorded job changes after `query.afterId`, oldest first. */
  listEvents(query: JobEventQuery): Promise<StoredJobEvent[]>;
  /** Id of the tenant's newest event (of one job with `jobId`); 0 when there is none. */
  lastEventId(tenantId: string, jobId?: string): Promise<number>;
  /**
   * Calls `listener` after every write of this store that recorded events; returns the function
   * that stops it. Writes of other processes are reported where the engine can announce them
   * (PostgreSQL's NOTIFY, not SQLite), and even then one may be missed while a connection is
   * replaced, so readers also look at intervals.
   */
  onEvents(listener: () => void): () => void;
  close(): Promise<void>;
}
