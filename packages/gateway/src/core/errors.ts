import type { ApiErrorCode } from "@reelay/client";
import type { BudgetFigures, FailureCode, ValidationIssue } from "./types.ts";

/**
 * Every error code the API answers with, its HTTP status, and whether sending the same request
 * again soon may succeed (told to clients as `X-Should-Retry`).
 */
export const ERROR_CODES = {
  invalid_json: { status: 400, retryable: false },
  invalid_request: { status: 400, retryable: false },
  invalid_cursor: { status: 400, retryable: false },
  unauthorized: { status: 401, retryable: false },
  budget_exceeded: { status: 402, retryable: false },
  forbidden: { status: 403, retryable: false },
  invalid_signature: { status: 403, retryable: false },
  callback_unverified: { status: 401, retryable: false },
  callback_stale: { status: 400, retryable: false },
  callback_replayed: { status: 400, retryable: false },
  not_found: { status: 404, retryable: false },
  job_not_found: { status: 404, retryable: false },
  model_not_found: { status: 404, retryable: false },
  upload_not_found: { status: 404, retryable: false },
  delivery_not_found: { status: 404, retryable: false },
  preset_not_found: { status: 404, retryable: false },
  style_not_found: { status: 404, retryable: false },
  category_not_found: { status: 404, retryable: false },
  method_not_allowed: { status: 405, retryable: false },
  idempotency_conflict: { status: 409, retryable: false },
  job_not_finished: { status: 409, retryable: false },
  delivery_already_delivered: { status: 409, retryable: false },
  name_taken: { status: 409, retryable: false },
  read_only: { status: 409, retryable: false },
  in_use: { status: 409, retryable: false },
  model_retired: { status: 410, retryable: false },
  video_purged: { status: 410, retryable: false },
  payload_too_large: { status: 413, retryable: false },
  unsupported_media_type: { status: 415, retryable: false },
  range_not_satisfiable: { status: 416, retryable: false },
  validation_failed: { status: 422, retryable: false },
  invalid_image: { status: 422, retryable: false },
  unsafe_url: { status: 422, retryable: false },
  image_fetch_failed: { status: 422, retryable: true },
  model_unavailable: { status: 422, retryable: false },
  limit_reached: { status: 422, retryable: false },
  rate_limited: { status: 429, retryable: true },
  internal_error: { status: 500, retryable: true },
  service_unavailable: { status: 503, retryable: true },
} as const satisfies Record<ApiErrorCode, { status: number; retryable: boolean }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error meant for the caller: its code decides the HTTP status, its message is shown as is. */
export class ReelayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly issues: ValidationIssue[] | undefined;
  /** The figures behind a `budget_exceeded` refusal, sent in the error body as `budget`. */
  readonly budget: BudgetFigures | undefined;

  constructor(code: ErrorCode, message: string, issues?: ValidationIssue[], budget?: BudgetFigures) {
    super(message);
    this.name = "ReelayError";
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.retryable = ERROR_CODES[code].retryable;
    this.issues = issues;
    this.budget = budget;
  }
}

/** Why a provider call could not be completed. */
export type ProviderCallErrorKind =
  | "auth"
  | "rate_limited"
  | "bad_request"
  | "not_found"
  | "unavailable"
  | "bad_response"
  | "network"
  | "timeout";

/**
 * Whether the provider may have acted on a call that failed. It decides whether a create may be
 * sent again (DESIGN.md §5.1): `not_sent` — it never reached the provider; `answered` — the
 * provider answered with an error, so nothing was created; `unknown` — it may have been acted on.
 */
export type CallDelivery = "not_sent" | "answered" | "unknown";

export interface ProviderCallErrorOptions {
  kind: ProviderCallErrorKind;
  retryable: boolean;
  delivery: CallDelivery;
  retryAfterMs?: number;
  status?: number;
  /** Response body with secrets removed, for logs and the job timeline. */
  redactedBody?: string;
  /**
   * What the job's failure should say when this error ends it, where the provider's answer tells
   * (a create refused by moderation is `content_filtered`; an exhausted account `provider_error`).
   */
  failureCode?: FailureCode;
}

/** A provider call that could not be made or answered with an error (not a failed generation). */
export class ProviderCallError extends Error {
  readonly kind: ProviderCallErrorKind;
  readonly retryable: boolean;
  readonly delivery: CallDelivery;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;
  readonly redactedBody: string | undefined;
  readonly failureCode: FailureCode | undefined;

  constructor(message: string, options: ProviderCallErrorOptions) {
    super(message);
    this.name = "ProviderCallError";
    this.kind = options.kind;
    this.retryable = options.retryable;
    this.delivery = options.delivery;
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
    this.redactedBody = options.redactedBody;
    this.failureCode = options.failureCode;
  }
}

/** Why re-hosting failed. `no_output`: the provider's outputs hold no video (DESIGN.md §5.5). */
export type OutputDownloadReason =
  | "expired"
  | "too_large"
  | "invalid_media"
  | "network"
  | "http"
  | "no_output"
  | "unsafe_url";

/** A finished output that could not be stored. `retryable` says whether downloading again may help. */
export class OutputDownloadError extends Error {
  readonly reason: OutputDownloadReason;
  readonly retryable: boolean;
  /** HTTP status of the output URL's answer, when there was one. */
  readonly status: number | undefined;

  constructor(
    message: string,
    options: { reason: OutputDownloadReason; retryable: boolean; status?: number; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = "OutputDownloadError";
    this.reason = options.reason;
    this.retryable = options.retryable;
    this.status = options.status;
  }
}
