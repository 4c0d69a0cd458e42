import type { WebhookEvent } from "@reelay/client";
import type { MediaLinks } from "../http/job-media-links.ts";
import { toJobView } from "../http/job-view.ts";
import type { DispatchBatch, NewWebhookDelivery, WebhookTarget } from "./webhook-store.ts";
import { webhookEventTypeOf } from "./webhook-event-type.ts";

export interface DeliveryPlanOptions {
  /** Endpoints that receive every job's events. */
  configuredUrls: readonly string[];
  /** Shortest time between two `job.progress` webhooks of one job. */
  progressIntervalMs: number;
  /** The links to job media in the job views sent. */
  mediaLinks: MediaLinks;
  nowMs: number;
  /** A new delivery id (`msg_…`). */
  createId(nowMs: number): string;
}

/** Where one job's events go: its own URL and every configured one, each URL once. */
function targetsOf(webhookUrl: string | undefined, configuredUrls: readonly string[]) {
  const targets = new Map<string, WebhookTarget>();
  if (webhookUrl !== undefined) targets.set(webhookUrl, "job");
  // A URL that is also configured is the operator's: it gets the configured endpoint's trust.
  for (const url of configuredUrls) targets.set(url, "configured");
  return targets;
}

/**
 * The deliveries a batch of job events makes: one per webhook event and target URL, in event
 * order. The body is made here, once, so every attempt sends the same bytes. Progress is thrown
 * away when the job's previous `job.progress` (in this batch or already stored) is more recent
 * than the interval; time is the events' own, so planning the same batch again gives the same plan.
 */
export function planDeliveries(batch: DispatchBatch, options: DeliveryPlanOptions): NewWebhookDelivery[] {
  const lastProgressAt = new Map(batch.lastProgressAt);
  const deliveries: NewWebhookDelivery[] = [];
  for (const source of batch.events) {
    const type = webhookEventTypeOf(source);
    if (type === null) continue;
    const { event } = source;
    const targets = targetsOf(event.job.request.webhookUrl, options.configuredUrls);
    if (targets.size === 0) continue;
    if (type === "job.progress") {
      const last = lastProgressAt.get(event.jobId);
      if (last !== undefined && event.createdAt - last < options.progressIntervalMs) continue;
      lastProgressAt.set(event.jobId, event.createdAt);
    }
    const body: WebhookEvent = {
      type,
      timestamp: new Date(event.createdAt).toISOString(),
      data: toJobView(event.job, options.mediaLinks, event.createdAt),
    };
    const payload = JSON.stringify(body);
    for (const [url, target] of targets) {
      deliveries.push({
        id: options.createId(options.nowMs),
        tenantId: event.tenantId,
        jobId: event.jobId,
        eventId: event.id,
        eventType: type,
        url,
        target,
        payload,
        occurredAt: event.createdAt,
        createdAt: options.nowMs,
      });
    }
  }
  return deliveries;
}
