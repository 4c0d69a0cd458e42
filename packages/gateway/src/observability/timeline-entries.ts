import type { ProgressMilestone, TimelineProviderCall, WebhookAttemptOutcome } from "@reelay/client";
import { TERMINAL_STATUSES, type Failure, type JobRecord } from "../core/types.ts";
import type { ProviderCallReport, StoredVideoReport } from "../jobs/job-telemetry.ts";
import type { AttemptRecord, WebhookDelivery } from "../webhooks/webhook-store.ts";
import type { StoredTimelineEntry } from "./timeline-store.ts";

/*
 * What each thing the job machinery reports adds to a job's timeline. Pure, so what a timeline says
 * is easy to read and test apart from where it is stored.
 */

/** Requests kept per provider call: the last ones, since the last answer is the one that decided. */
const MAX_REQUESTS_PER_CALL = 10;

/** Progress marks, in order: the first progress above 0, then each quarter. */
const MILESTONES: ReadonlyArray<{ milestone: ProgressMilestone; reached: (progress: number) => boolean }> = [
  { milestone: "first", reached: (progress) => progress > 0 },
  { milestone: "25%", reached: (progress) => progress >= 0.25 },
  { milestone: "50%", reached: (progress) => progress >= 0.5 },
  { milestone: "75%", reached: (progress) => progress >= 0.75 },
  { milestone: "100%", reached: (progress) => progress >= 1 },
];

const isTerminal = (job: JobRecord) => TERMINAL_STATUSES.includes(job.status);

/** URLs in `text` without their query or fragment, which may hold tokens or signatures. */
export function withoutQueries(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/gi, "$1");
}

function failureView(failure: Failure | null): Failure | null {
  return failure === null ? null : { code: failure.code, message: withoutQueries(failure.message) };
}

/** A provider call as the timeline shows it. */
export function callView(call: ProviderCallReport): TimelineProviderCall {
  return {
    operation: call.operation,
    durationMs: call.durationMs,
    requests: call.requests
      .slice(-MAX_REQUESTS_PER_CALL)
      .map(({ method, path, status, durationMs }) => ({ method, path, status, durationMs })),
  };
}

/** The milestones progress passed going from `before` to `after`. */
export function crossedMilestones(before: number | null, after: number | null): ProgressMilestone[] {
  return MILESTONES.filter(({ reached }) => !reached(before ?? 0) && reached(after ?? 0)).map(
    ({ milestone }) => milestone,
  );
}

/**
 * The entries of one write: the task recorded, the status changed, the render done, milestones
 * passed. An ending comes after the milestones it completes (100 %, then succeeded); any other
 * status change before.
 */
export function entriesOfChange(
  before: JobRecord,
  after: JobRecord,
  cause: ProviderCallReport | null,
): StoredTimelineEntry[] {
  const at = after.updatedAt;
  const providerCall = cause === null ? null : callView(cause);
  const entries: StoredTimelineEntry[] = [];
  if (before.providerTask === null && after.providerTask !== null) {
    entries.push({
      at,
      step: "submitted",
      details: { upstreamId: after.upstreamId, reconciled: cause?.operation === "lookup" },
      providerCall,
    });
  }
  const statusChange: StoredTimelineEntry | null =
    before.status === after.status
      ? null
      : {
          at,
          step: "status_changed",
          details: { from: before.status, to: after.status, failure: failureView(after.failure) },
          providerCall,
        };
  if (statusChange !== null && !isTerminal(after)) entries.push(statusChange);
  if (before.outputs === null && after.outputs !== null) {
    entries.push({ at, step: "rendered", details: { outputs: after.outputs.length }, providerCall });
  }
  for (const milestone of crossedMilestones(before.progress, after.progress)) {
    entries.push({
      at,
      step: "progress",
      details: { milestone, progress: after.progress ?? 0, source: after.progressSource ?? "estimated" },
      providerCall,
    });
  }
  if (statusChange !== null && isTerminal(after)) entries.push(statusChange);
  return entries;
}

/** A provider call (or download) that failed; the status entries say what followed. */
export function entryOfFailedCall(call: ProviderCallReport): StoredTimelineEntry[] {
  if (call.error === null) return [];
  return [
    {
      at: call.startedAt + call.durationMs,
      step: "call_failed",
      details: { kind: call.error.kind, message: withoutQueries(call.error.message) },
      providerCall: callView(call),
    },
  ];
}

/** The video and its thumbnail going into storage, both from the download `cause`. */
export function entriesOfStoredVideo(report: StoredVideoReport, cause: ProviderCallReport): StoredTimelineEntry[] {
  const providerCall = callView(cause);
  return [
    { at: report.downloadedAt, step: "downloaded", details: { sizeBytes: report.video.sizeBytes }, providerCall },
    {
      at: report.thumbnailedAt,
      step: "thumbnailed",
      details: { placeholder: report.placeholderThumbnail },
      providerCall,
    },
  ];
}

/** A cancel request recorded at `atMs`, and the end of a job it cancelled at once (one never submitted). */
export function entriesOfCancelRequest(job: JobRecord, atMs: number): StoredTimelineEntry[] {
  const requested: StoredTimelineEntry = { at: atMs, step: "cancel_requested", details: {}, providerCall: null };
  if (job.status !== "cancelled" || job.finishedAt !== atMs) return [requested];
  return [
    requested,
    {
      at: atMs,
      step: "status_changed",
      details: { from: "queued", to: "cancelled", failure: failureView(job.failure) },
      providerCall: null,
    },
  ];
}

/** How a recorded attempt went: delivered, to be tried again, or the last one. */
export function attemptOutcome(record: AttemptRecord): WebhookAttemptOutcome {
  if (record.status === "delivered") return "delivered";
  return record.status === "dead" ? "dead" : "failed";
}

/** One webhook attempt for the job, taking `durationMs`. */
export function entryOfWebhookAttempt(
  delivery: WebhookDelivery,
  record: AttemptRecord,
  durationMs: number,
): StoredTimelineEntry {
  return {
    at: record.nowMs,
    step: "webhook_sent",
    details: {
      deliveryId: delivery.id,
      eventType: delivery.eventType,
      target: delivery.target,
      outcome: attemptOutcome(record),
      status: record.lastStatus,
      attempt: delivery.attempts + 1,
      error: record.lastError === null ? null : withoutQueries(record.lastError),
      durationMs,
    },
    providerCall: null,
  };
}
