/**
 * Wire types of a job's timeline (`GET /api/v1/jobs/{id}/timeline`): every step of the job in
 * order, with the provider call behind it. Timelines never hold keys, signatures or query strings.
 */
import type { Failure, JobStatus, ProgressSource, WebhookEventType } from "./wire.ts";

/** What a provider call was for: the create, a status poll, a cancel, a search for a lost create, or the video download. */
export type ProviderOperation = "create" | "poll" | "cancel" | "lookup" | "download";

/** One HTTP request of a provider call. */
export interface TimelineHttpRequest {
  /** HTTP method, e.g. `POST`. */
  method: string;
  /** The URL's path only: never its query, which may carry keys or signatures. */
  path: string;
  /** The answer's HTTP status; null when no answer came (network error, timeout). */
  status: number | null;
  /** Milliseconds from sending to the answer's headers (or to the failure). */
  durationMs: number;
}

/** The provider call that caused a step. */
export interface TimelineProviderCall {
  /** What the call was for. */
  operation: ProviderOperation;
  /** Milliseconds the whole call took (for a download: until the video and thumbnail were stored). */
  durationMs: number;
  /** Its HTTP requests in order (at most 10); none for the local renderer, which makes no request. */
  requests: TimelineHttpRequest[];
}

/** A progress mark: the first progress above 0, then each quarter. */
export type ProgressMilestone = "first" | "25%" | "50%" | "75%" | "100%";

/** How one webhook attempt went: `failed` is tried again later, `dead` was the last attempt. */
export type WebhookAttemptOutcome = "delivered" | "failed" | "dead";

/** Fields every timeline entry has. */
interface TimelineEntryBase<Step extends string, Details> {
  /** When it happened, ISO 8601. */
  at: string;
  /** What happened. */
  step: Step;
  /** What is known about it; the fields depend on `step`. */
  details: Details;
  /** The provider call whose answer led to it; null for steps no provider call caused. */
  providerCall: TimelineProviderCall | null;
}

/** Details of `accepted`: the job was written, before any provider call. */
export interface AcceptedDetails {
  /** The job's model. */
  model: string;
}

/** Details of `submitted`: the provider took the create (or Reelay found the task of a create whose answer was lost). */
export interface SubmittedDetails {
  /** The provider's own id of the task, where it has one. */
  upstreamId: string | null;
  /** True when the task was found in the provider's records after the create's answer was lost. */
  reconciled: boolean;
}

/** Details of `status_changed`. */
export interface StatusChangedDetails {
  /** The status before. */
  from: JobStatus;
  /** The status after. */
  to: JobStatus;
  /** Why it failed or was cancelled; null otherwise. */
  failure: Failure | null;
}

/** Details of `progress`: a milestone was reached. */
export interface ProgressDetails {
  /** The milestone reached. */
  milestone: ProgressMilestone;
  /** Progress at that moment, 0–1 (one jump may pass several milestones). */
  progress: number;
  /** Whether the provider reported it or Reelay estimated it. */
  source: ProgressSource;
}

/** Details of `rendered`: the provider reported the render done; the video is to be downloaded. */
export interface RenderedDetails {
  /** How many outputs (videos, thumbnails) the provider handed back. */
  outputs: number;
}

/** Details of `downloaded`: the finished video is in Reelay's storage. */
export interface DownloadedDetails {
  /** Bytes stored. */
  sizeBytes: number;
}

/** Details of `thumbnailed`: the thumbnail is stored. */
export interface ThumbnailedDetails {
  /** True when no frame could be read and a plain image stands in. */
  placeholder: boolean;
}

/** Details of `call_failed`: a provider call or a download failed; the status entries say what followed. */
export interface CallFailedDetails {
  /** Why: a provider call error kind (`rate_limited`, `timeout`, …), a download reason (`expired`, …) or `unexpected`. */
  kind: string;
  /** What went wrong, without keys or query strings. */
  message: string;
}

/** Details of `webhook_sent`: one attempt to deliver a webhook event of the job. */
export interface WebhookSentDetails {
  /** The delivery (`msg_…`), as `GET /api/v1/webhooks/deliveries/{id}` shows it. */
  deliveryId: string;
  /** The event sent. */
  eventType: WebhookEventType;
  /** `job`: the job's own `webhookUrl`; `configured`: an endpoint the server's operator set. */
  target: "job" | "configured";
  /** How the attempt went. */
  outcome: WebhookAttemptOutcome;
  /** The receiver's HTTP status; null when no answer came. */
  status: number | null;
  /** Which attempt of the delivery this was, from 1. */
  attempt: number;
  /** Why it failed; null when delivered. */
  error: string | null;
  /** Milliseconds the attempt took. */
  durationMs: number;
}

/** One step of a job; `step` tells which `details` it carries. */
export type TimelineEntry =
  | TimelineEntryBase<"accepted", AcceptedDetails>
  | TimelineEntryBase<"submitted", SubmittedDetails>
  | TimelineEntryBase<"status_changed", StatusChangedDetails>
  | TimelineEntryBase<"progress", ProgressDetails>
  /** The caller asked to cancel the job. */
  | TimelineEntryBase<"cancel_requested", Record<string, never>>
  | TimelineEntryBase<"rendered", RenderedDetails>
  | TimelineEntryBase<"downloaded", DownloadedDetails>
  | TimelineEntryBase<"thumbnailed", ThumbnailedDetails>
  | TimelineEntryBase<"call_failed", CallFailedDetails>
  | TimelineEntryBase<"webhook_sent", WebhookSentDetails>;

/** Every step a timeline entry can have. */
export type TimelineStep = TimelineEntry["step"];

/** Body of `GET /api/v1/jobs/{id}/timeline`. */
export interface JobTimeline {
  /** Always `job_timeline`. */
  object: "job_timeline";
  /** The job. */
  jobId: string;
  /** What happened, oldest first. */
  entries: TimelineEntry[];
  /** Status polls sent to the provider so far, answered or not; only those that changed something have entries. */
  polls: number;
  /** When the last poll was sent, ISO 8601; null before the first. */
  lastPollAt: string | null;
  /**
   * Entries left out: steps that can repeat without end (failed calls, webhook retries and progress
   * webhooks, queued/running flips) keep their first entries per job only.
   */
  omittedEntries: number;
}
