import type { JobStatus, WebhookDeliveryStatus, WebhookEventType } from "@reelay/client";
import { rowToEvent, type JobEventRow } from "../jobs/job-row.ts";
import type { WebhookSourceEvent } from "./webhook-event-type.ts";
import type { NewWebhookDelivery, WebhookDelivery, WebhookTarget } from "./webhook-store.ts";

/** A row of `webhook_deliveries` (SQLite migration 0005, the PostgreSQL schema), as either engine reads it. */
export interface DeliveryRow {
  id: string;
  tenant_id: string;
  job_id: string;
  event_id: number;
  event_type: string;
  url: string;
  target: string;
  payload: string;
  occurred_at: number;
  status: string;
  attempts: number;
  next_attempt_at: number | null;
  lease_token: string | null;
  lease_expires_at: number | null;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: number | null;
  created_at: number;
  delivered_at: number | null;
}

/** The columns of a new delivery; the rest start as pending, due at `created_at`, never attempted. */
export type NewDeliveryRow = Pick<
  DeliveryRow,
  | "id"
  | "tenant_id"
  | "job_id"
  | "event_id"
  | "event_type"
  | "url"
  | "target"
  | "payload"
  | "occurred_at"
  | "created_at"
>;

/** A row of `job_events` with the status of the job's event before it (null for its first event). */
export interface SourceEventRow extends JobEventRow {
  previous_status: string | null;
}

export function newDeliveryToRow(delivery: NewWebhookDelivery): NewDeliveryRow {
  return {
    id: delivery.id,
    tenant_id: delivery.tenantId,
    job_id: delivery.jobId,
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    url: delivery.url,
    target: delivery.target,
    payload: delivery.payload,
    occurred_at: delivery.occurredAt,
    created_at: delivery.createdAt,
  };
}

export function rowToDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    jobId: row.job_id,
    eventId: row.event_id,
    eventType: row.event_type as WebhookEventType,
    url: row.url,
    target: row.target as WebhookTarget,
    payload: row.payload,
    occurredAt: row.occurred_at,
    status: row.status as WebhookDeliveryStatus,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
    lastAttemptAt: row.last_attempt_at,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}

/** The event a row holds; the job store wrote its JSON from a job record, so it is trusted. */
export function rowToSourceEvent(row: SourceEventRow): WebhookSourceEvent {
  return { event: rowToEvent(row), previousStatus: row.previous_status as JobStatus | null };
}
