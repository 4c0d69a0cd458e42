import type { RequestOptions, Transport } from "./transport.ts";
import type { WebhookDeliveryList, WebhookDeliveryStatus, WebhookDeliveryView } from "./wire.ts";

/** Filters and paging of `webhooks.deliveries.list`. */
export interface ListDeliveriesOptions {
  /** Only deliveries of this job. */
  jobId?: string;
  /** Only deliveries with this status. */
  status?: WebhookDeliveryStatus;
  /** Start after this cursor (a previous page's `nextCursor`). */
  cursor?: string;
  /** Deliveries per page, 1–100. */
  limit?: number;
}

/** The delivery log of the caller's webhooks. */
export interface WebhookDeliveriesResource {
  /** One page of deliveries, newest first. */
  list(query?: ListDeliveriesOptions, options?: RequestOptions): Promise<WebhookDeliveryList>;
  /** A delivery with its attempts, last status and last error. */
  get(id: string, options?: RequestOptions): Promise<WebhookDeliveryView>;
  /** Makes a dead or waiting delivery due now; `delivery_already_delivered` for a delivered one. */
  retry(id: string, options?: RequestOptions): Promise<WebhookDeliveryView>;
}

/** The `client.webhooks` resource group. */
export interface WebhooksResource {
  /** Every event sent (or being sent) to a webhook URL. */
  deliveries: WebhookDeliveriesResource;
}

/** Creates the `webhooks` resource group over a transport. */
export function createWebhooksResource(transport: Transport): WebhooksResource {
  const deliveryPath = (id: string) => `/api/v1/webhooks/deliveries/${encodeURIComponent(id)}`;
  return {
    deliveries: {
      async list(query = {}, options = {}) {
        return (
          await transport.json<WebhookDeliveryList>({
            ...options,
            method: "GET",
            path: "/api/v1/webhooks/deliveries",
            query: { ...query },
          })
        ).data;
      },
      async get(id, options = {}) {
        return (await transport.json<WebhookDeliveryView>({ ...options, method: "GET", path: deliveryPath(id) })).data;
      },
      async retry(id, options = {}) {
        return (
          await transport.json<WebhookDeliveryView>({ ...options, method: "POST", path: `${deliveryPath(id)}/retry` })
        ).data;
      },
    },
  };
}
