import type { WebhookDeliveryView } from "@reelay/client";
import { displayUrl } from "../net/unsafe-url-error.ts";
import type { WebhookDelivery } from "./webhook-store.ts";

const iso = (milliseconds: number | null) => (milliseconds === null ? null : new Date(milliseconds).toISOString());

/**
 * The public view of a delivery. A configured endpoint is the operator's and may carry a token in
 * its query or credentials, so callers see it without them; a job's own URL is the caller's.
 */
export function toDeliveryView(delivery: WebhookDelivery): WebhookDeliveryView {
  return {
    id: delivery.id,
    object: "webhook_delivery",
    jobId: delivery.jobId,
    url: delivery.target === "configured" ? displayUrl(new URL(delivery.url)) : delivery.url,
    eventType: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: iso(delivery.nextAttemptAt),
    lastStatus: delivery.lastStatus,
    lastError: delivery.lastError,
    lastAttemptAt: iso(delivery.lastAttemptAt),
    createdAt: new Date(delivery.createdAt).toISOString(),
    deliveredAt: iso(delivery.deliveredAt),
  };
}
