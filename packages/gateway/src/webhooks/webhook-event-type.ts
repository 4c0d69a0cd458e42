import type { JobStatus, WebhookEventType } from "@reelay/client";
import type { StoredJobEvent } from "../jobs/job-events.ts";

/** A recorded job change, with the job's status before it (null for the job's first event). */
export interface WebhookSourceEvent {
  event: StoredJobEvent;
  previousStatus: JobStatus | null;
}

/**
 * The webhook a job change makes, before throttling, or null when it makes none. `status` events
 * also record cancel requests, so `job.running` needs the status before the change to tell a
 * start from a cancel request on a running job. Progress of a job that is no longer running (a
 * late write after the terminal event) makes nothing.
 */
export function webhookEventTypeOf(source: WebhookSourceEvent): WebhookEventType | null {
  const { event, previousStatus } = source;
  const status = event.job.status;
  if (event.type === "status") return status === "running" && previousStatus !== "running" ? "job.running" : null;
  if (event.type === "progress") return status === "running" ? "job.progress" : null;
  if (event.type === "done" && status !== "queued" && status !== "running") return `job.${status}`;
  return null;
}
