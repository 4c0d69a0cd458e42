import type { WebhookDeliveryStatus, WebhookEventType } from "@reelay/client";
import type { WebhookSourceEvent } from "./webhook-event-type.ts";

/** `job`: the job's own `webhookUrl` (a caller's URL, SSRF-checked); `configured`: the operator's. */
export type WebhookTarget = "job" | "configured";

/** One event on its way to one URL, with its delivery log. Times are ms since the epoch. */
export interface WebhookDelivery {
  /** `msg_…`, sent as `webhook-id` on every attempt. */
  id: string;
  tenantId: string;
  jobId: string;
  /** The job event it came from; orders the deliveries of one job to one URL. */
  eventId: number;
  eventType: WebhookEventType;
  url: string;
  target: WebhookTarget;
  /** The body, made once so every attempt sends (and signs) the same bytes. */
  payload: string;
  /** When the job changed (the event's time). */
  occurredAt: number;
  status: WebhookDeliveryStatus;
  attempts: number;
  /** Null once delivered or dead. */
  nextAttemptAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: number | null;
  createdAt: number;
  deliveredAt: number | null;
}

/** What the dispatcher writes: a delivery before its first attempt. */
export type NewWebhookDelivery = Pick<
  WebhookDelivery,
  "id" | "tenantId" | "jobId" | "eventId" | "eventType" | "url" | "target" | "payload" | "occurredAt" | "createdAt"
>;

/** The job events the dispatcher has not turned into deliveries yet, read after its cursor. */
export interface DispatchBatch {
  /** The cursor: id of the last job event already dispatched. */
  afterEventId: number;
  /** The next events, oldest first. */
  events: WebhookSourceEvent[];
  /** Per job of these events, when its last `job.progress` delivery happened (for throttling). */
  lastProgressAt: Map<string, number>;
}

/** A delivery leased to one sender: only an attempt carrying `leaseToken` is recorded. */
export interface ClaimedDelivery {
  delivery: WebhookDelivery;
  leaseToken: string;
}

/** The result of one attempt, as the delivery worker decided it. */
export interface AttemptRecord {
  nowMs: number;
  status: WebhookDeliveryStatus;
  nextAttemptAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
}

/** Filters and paging of a tenant's deliveries, newest first. */
export interface ListDeliveriesQuery {
  tenantId: string;
  jobId?: string;
  status?: WebhookDeliveryStatus;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
  /** Page size, 1–100. */
  limit: number;
}

export interface DeliveryPage {
  deliveries: WebhookDelivery[];
  nextCursor: string | null;
}

/** What a manual retry found: no such delivery, one already delivered, or one now due. */
export type RetryResult =
  | { outcome: "not_found" }
  | { outcome: "delivered"; delivery: WebhookDelivery }
  | { outcome: "scheduled"; delivery: WebhookDelivery };

/**
 * Durable webhook deliveries and the dispatcher's cursor over the job event log. All times are ms
 * since the epoch, passed in. An implementation shares the job store's database: the dispatcher
 * reads `job_events` and must see every event in id order with no later commit taking a smaller
 * id (SQLite's single writer guarantees that; on PostgreSQL every writer of events holds the
 * events lock until it commits, `db/pg-locks.ts`).
 */
export interface WebhookStore {
  /** Up to `limit` job events after the cursor, with what throttling needs to know about their jobs. */
  readDispatchBatch(limit: number): Promise<DispatchBatch>;
  /**
   * Writes `deliveries` and moves the cursor from `fromEventId` to `toEventId` in one transaction,
   * only when the cursor is still at `fromEventId` (compare-and-set: of two dispatchers reading the
   * same batch, one writes it). False when the cursor had moved; nothing is written then.
   */
  recordDispatch(fromEventId: number, toEventId: number, deliveries: NewWebhookDelivery[]): Promise<boolean>;
  /**
   * Leases up to `limit` pending deliveries that are due, whose lease is free or expired, and that
   * no earlier pending delivery of the same job to the same URL precedes (order per job and URL).
   */
  claimDue(nowMs: number, leaseMs: number, limit: number): Promise<ClaimedDelivery[]>;
  /** Records an attempt and releases the lease; false when the lease was lost. */
  recordAttempt(id: string, leaseToken: string, attempt: AttemptRecord): Promise<boolean>;
  /** Earliest time at which `claimDue` could return something, or null when nothing is pending. */
  nextDueAt(): Promise<number | null>;
  /** A tenant's delivery, or null (another tenant's is null too). */
  get(tenantId: string, id: string): Promise<WebhookDelivery | null>;
  /** Throws `InvalidCursorError` for a cursor it did not make. */
  list(query: ListDeliveriesQuery): Promise<DeliveryPage>;
  /** Makes a pending or dead delivery due at `nowMs`; attempts keep counting. */
  retry(tenantId: string, id: string, nowMs: number): Promise<RetryResult>;
}
