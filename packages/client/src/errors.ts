import type { ApiErrorCode, Failure, JobView, ValidationIssue } from "./wire.ts";

/**
 * Every code a {@link ReelayApiError} carries: the server's own codes, plus the ones the client
 * gives to failures that never produced a Reelay error body.
 * - `network_error`: `fetch` failed (server down, DNS, connection reset).
 * - `timeout`: no response headers within the per-attempt timeout.
 * - `aborted`: the caller's `AbortSignal` fired.
 * - `wait_timeout`: `jobs.wait` gave up waiting (see {@link WaitTimeoutError}).
 * - `invalid_response`: a success answer the client could not read (not JSON, not an event stream).
 * - `http_error`: an error answer without a Reelay error body (a proxy's page), or with a code this
 *   client does not know (a newer server); the raw code is then on `serverCode`.
 * - `job_failed`: the job ended as `failed` or `cancelled` (see {@link JobFailedError}).
 */
export type ReelayErrorCode =
  | ApiErrorCode
  | "network_error"
  | "timeout"
  | "aborted"
  | "wait_timeout"
  | "invalid_response"
  | "http_error"
  | "job_failed";

// A record rather than an array so the compiler checks that it lists every ApiErrorCode and no other.
const API_ERROR_CODES: Record<ApiErrorCode, true> = {
  invalid_json: true,
  invalid_request: true,
  invalid_cursor: true,
  unauthorized: true,
  budget_exceeded: true,
  forbidden: true,
  invalid_signature: true,
  callback_unverified: true,
  callback_stale: true,
  callback_replayed: true,
  not_found: true,
  job_not_found: true,
  model_not_found: true,
  upload_not_found: true,
  delivery_not_found: true,
  preset_not_found: true,
  style_not_found: true,
  category_not_found: true,
  method_not_allowed: true,
  idempotency_conflict: true,
  job_not_finished: true,
  delivery_already_delivered: true,
  name_taken: true,
  read_only: true,
  in_use: true,
  model_retired: true,
  video_purged: true,
  payload_too_large: true,
  unsupported_media_type: true,
  range_not_satisfiable: true,
  validation_failed: true,
  invalid_image: true,
  unsafe_url: true,
  image_fetch_failed: true,
  model_unavailable: true,
  limit_reached: true,
  rate_limited: true,
  internal_error: true,
  service_unavailable: true,
};

/** Whether a server's `error.code` is one this client knows. */
export function isApiErrorCode(value: string): value is ApiErrorCode {
  return Object.hasOwn(API_ERROR_CODES, value);
}

/** What a {@link ReelayApiError} is made of. */
export interface ReelayApiErrorOptions {
  /** HTTP status of the answer; 0 when the error arose in the client. */
  status: number;
  /** Machine-readable reason. */
  code: ReelayErrorCode;
  /** Human-readable explanation. */
  message: string;
  /** Individual problems, for validation errors. */
  issues?: ValidationIssue[];
  /** How long the server asked to wait before trying again, in milliseconds. */
  retryAfterMs?: number;
  /** The server's `error.code` when it is not one this client knows. */
  serverCode?: string;
  /** The server's `X-Should-Retry` header: whether sending the same request again may help. */
  shouldRetry?: boolean;
  /** The underlying error (a `fetch` failure, an abort reason, a failed cancel). */
  cause?: unknown;
}

/** Any failure of a Reelay call: an error answer from the server or a client-side failure (status 0). */
export class ReelayApiError extends Error {
  /** HTTP status of the answer; 0 when the error arose in the client (network, timeout, abort). */
  readonly status: number;
  /** Machine-readable reason; stable across versions. */
  readonly code: ReelayErrorCode;
  /** Individual problems, for validation errors; empty otherwise. */
  readonly issues: ValidationIssue[];
  /** How long the server asked to wait before trying again, in milliseconds, when it said. */
  readonly retryAfterMs?: number;
  /** The server's raw `error.code` when `code` is `http_error` because the code is unknown here. */
  readonly serverCode?: string;
  /** The server's `X-Should-Retry` header, when it sent one. */
  readonly shouldRetry?: boolean;

  constructor(options: ReelayApiErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ReelayApiError";
    this.status = options.status;
    this.code = options.code;
    this.issues = options.issues ?? [];
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.serverCode !== undefined) this.serverCode = options.serverCode;
    if (options.shouldRetry !== undefined) this.shouldRetry = options.shouldRetry;
  }
}

/** The error every call ends with when the caller's signal fires. */
export function abortedError(reason: unknown): ReelayApiError {
  return new ReelayApiError({ status: 0, code: "aborted", message: "The operation was aborted.", cause: reason });
}

/** What a {@link WaitTimeoutError} is made of. */
export interface WaitTimeoutErrorOptions {
  /** The job that was waited for. */
  jobId: string;
  /** The last view of the job seen before giving up; null when none arrived. */
  job: JobView | null;
  /** How long the wait lasted, in milliseconds. */
  waitedMs: number;
  /** Whether the job was cancelled because of the timeout. */
  cancelled: boolean;
  /** Why cancelling failed, when it was attempted and failed. */
  cause?: unknown;
}

/** `jobs.wait` (or `pollTaskUntilComplete`) stopped waiting before the job finished. */
export class WaitTimeoutError extends ReelayApiError {
  /** The job that was waited for. */
  readonly jobId: string;
  /** The last view of the job seen before giving up; null when none arrived. */
  readonly job: JobView | null;
  /** Whether the job was cancelled because of the timeout. */
  readonly cancelled: boolean;

  constructor(options: WaitTimeoutErrorOptions) {
    const seconds = Math.round(options.waitedMs / 1000);
    const outcome = options.cancelled
      ? "the job was cancelled."
      : options.cause === undefined
        ? "the job is still running on the server (call cancel to stop it)."
        : "cancelling it failed, so the job may still be running on the server (call cancel to stop it).";
    super({
      status: 0,
      code: "wait_timeout",
      message: `Stopped waiting for job ${options.jobId} after ${seconds} s; ${outcome}`,
      cause: options.cause,
    });
    this.name = "WaitTimeoutError";
    this.jobId = options.jobId;
    this.job = options.job;
    this.cancelled = options.cancelled;
  }
}

/** A job ended as `failed` or `cancelled`; its reason is on `failure`. */
export class JobFailedError extends ReelayApiError {
  /** The job as it ended. */
  readonly job: JobView;
  /** Why it ended without a video; null only if the server did not say. */
  readonly failure: Failure | null;

  constructor(job: JobView) {
    const verb = job.status === "cancelled" ? "was cancelled" : "failed";
    const reason = job.failure === null ? "." : ` (${job.failure.code}): ${job.failure.message}`;
    super({ status: 0, code: "job_failed", message: `Job ${job.id} ${verb}${reason}` });
    this.name = "JobFailedError";
    this.job = job;
    this.failure = job.failure;
  }
}
