import type { JobRecord } from "../core/types.ts";
import type { StoredJobEvent, StoredJobEventType } from "./job-events.ts";
import type { JobChange } from "./job-store.ts";

/** A `jobs` row as both engines return it: JSON columns as text, times as integers (pg reads BIGINT as numbers). */
export interface JobRow {
  id: string;
  tenant_id: string;
  status: string;
  model: string;
  request: string;
  inputs: string;
  provider_task: string | null;
  upstream_id: string | null;
  progress: number | null;
  progress_source: string | null;
  expected_finish_at: number | null;
  outputs: string | null;
  video: string | null;
  warnings: string;
  failure: string | null;
  idempotency_key: string | null;
  request_hash: string;
  attempts: number;
  rate_limits: number;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  finished_at: number | null;
  next_run_at: number;
  deadline_at: number;
  cancel_requested_at: number | null;
  submitting_since: number | null;
  lease_owner: string | null;
  lease_token: string | null;
  lease_expires_at: number | null;
  video_purged_at: number | null;
  category: string | null;
  style: string | null;
  preset: string | null;
}

type ColumnValue = string | number | null;

/** How one record field maps to its column. */
interface ColumnMapping {
  column: keyof JobRow;
  json: boolean;
}

function plain(column: keyof JobRow): ColumnMapping {
  return { column, json: false };
}

function json(column: keyof JobRow): ColumnMapping {
  return { column, json: true };
}

/** Every record field and its column, in table order. Also the whitelist of what `update` may set. */
export const JOB_COLUMNS = {
  id: plain("id"),
  tenantId: plain("tenant_id"),
  status: plain("status"),
  model: plain("model"),
  request: json("request"),
  inputs: json("inputs"),
  providerTask: json("provider_task"),
  upstreamId: plain("upstream_id"),
  progress: plain("progress"),
  progressSource: plain("progress_source"),
  expectedFinishAt: plain("expected_finish_at"),
  outputs: json("outputs"),
  video: json("video"),
  warnings: json("warnings"),
  failure: json("failure"),
  idempotencyKey: plain("idempotency_key"),
  requestHash: plain("request_hash"),
  attempts: plain("attempts"),
  rateLimits: plain("rate_limits"),
  createdAt: plain("created_at"),
  updatedAt: plain("updated_at"),
  startedAt: plain("started_at"),
  finishedAt: plain("finished_at"),
  nextRunAt: plain("next_run_at"),
  deadlineAt: plain("deadline_at"),
  cancelRequestedAt: plain("cancel_requested_at"),
  submittingSince: plain("submitting_since"),
  leaseOwner: plain("lease_owner"),
  leaseToken: plain("lease_token"),
  leaseExpiresAt: plain("lease_expires_at"),
  videoPurgedAt: plain("video_purged_at"),
  category: plain("category"),
  style: plain("style"),
  preset: plain("preset"),
} as const satisfies { [Field in keyof JobRecord]-?: ColumnMapping };

const CHANGE_FIELDS: ReadonlySet<string> = new Set<keyof JobChange>([
  "status",
  "providerTask",
  "upstreamId",
  "progress",
  "progressSource",
  "expectedFinishAt",
  "outputs",
  "video",
  "warnings",
  "failure",
  "attempts",
  "rateLimits",
  "startedAt",
  "finishedAt",
  "nextRunAt",
  "submittingSince",
]);

function toColumnValue(mapping: ColumnMapping, value: unknown): ColumnValue {
  if (value === null) return null;
  if (mapping.json) return JSON.stringify(value);
  return value as ColumnValue;
}

function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

/** Named parameters (`@id`, `@tenant_id`, …) for inserting `job`. */
export function jobToRow(job: JobRecord): JobRow {
  const row: Record<string, ColumnValue> = {};
  for (const [field, mapping] of Object.entries(JOB_COLUMNS)) {
    row[mapping.column] = toColumnValue(mapping, job[field as keyof JobRecord]);
  }
  return row as unknown as JobRow;
}

/** The record a row stores. The row was written by this module, so its JSON is trusted. */
export function rowToJob(row: JobRow): JobRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    status: row.status as JobRecord["status"],
    model: row.model,
    request: JSON.parse(row.request) as JobRecord["request"],
    inputs: JSON.parse(row.inputs) as JobRecord["inputs"],
    providerTask: parseJson<NonNullable<JobRecord["providerTask"]>>(row.provider_task),
    upstreamId: row.upstream_id,
    progress: row.progress,
    progressSource: row.progress_source as JobRecord["progressSource"],
    expectedFinishAt: row.expected_finish_at,
    outputs: parseJson<NonNullable<JobRecord["outputs"]>>(row.outputs),
    video: parseJson<NonNullable<JobRecord["video"]>>(row.video),
    warnings: JSON.parse(row.warnings) as JobRecord["warnings"],
    failure: parseJson<NonNullable<JobRecord["failure"]>>(row.failure),
    idempotencyKey: row.idempotency_key,
    requestHash: row.request_hash,
    attempts: row.attempts,
    rateLimits: row.rate_limits,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    nextRunAt: row.next_run_at,
    deadlineAt: row.deadline_at,
    cancelRequestedAt: row.cancel_requested_at,
    submittingSince: row.submitting_since,
    leaseOwner: row.lease_owner,
    leaseToken: row.lease_token,
    leaseExpiresAt: row.lease_expires_at,
    videoPurgedAt: row.video_purged_at,
    category: row.category,
    style: row.style,
    preset: row.preset,
  };
}

/**
 * The columns and values a change sets (the caller caches one statement per column list). Keys whose value is `undefined` are left alone; a key outside `JobChange` throws,
 * because a cast that smuggles `tenantId` or `leaseToken` into an update is a bug, not a wish.
 */
export function changeToAssignments(change: JobChange): { columns: string[]; values: ColumnValue[] } {
  const columns: string[] = [];
  const values: ColumnValue[] = [];
  for (const [field, value] of Object.entries(change)) {
    if (!CHANGE_FIELDS.has(field)) throw new Error(`A job change may not set ${field}.`);
    if (value === undefined) continue;
    const mapping = JOB_COLUMNS[field as keyof JobChange];
    columns.push(mapping.column);
    values.push(toColumnValue(mapping, value));
  }
  return { columns, values };
}

/** Tables whose rows belong to one job (by `job_id`): deleted with it, in the same transaction. */
export const JOB_DETAIL_TABLES = ["job_events", "job_timeline", "job_timeline_summaries"] as const;

/** One row of `job_events` as both engines return it. */
export interface JobEventRow {
  id: number;
  tenant_id: string;
  job_id: string;
  type: string;
  job: string;
  created_at: number;
}

/** The event a `job_events` row stores. */
export function rowToEvent(row: JobEventRow): StoredJobEvent {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    jobId: row.job_id,
    type: row.type as StoredJobEventType,
    job: JSON.parse(row.job) as JobRecord,
    createdAt: row.created_at,
  };
}
