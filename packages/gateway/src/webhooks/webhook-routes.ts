import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Clock } from "../core/clock.ts";
import { ReelayError } from "../core/errors.ts";
import { errorBodySchema } from "../http/schemas.ts";
import { toDeliveryView } from "./webhook-delivery-view.ts";
import {
  deliveryIdParamsSchema,
  deliveryListSchema,
  deliveryViewSchema,
  listDeliveriesQuerySchema,
} from "./webhook-schemas.ts";
import type { WebhookStore } from "./webhook-store.ts";
import { jsonResponse } from "../http/json-response.ts";

export interface WebhookRouteDependencies {
  clock: Clock;
  webhookDeliveries: WebhookStore;
  tenantOf(request: Request): string;
}

const errors = {
  400: jsonResponse(errorBodySchema, "The request is malformed"),
  404: jsonResponse(errorBodySchema, "No such delivery"),
};

const notFound = (id: string) => new ReelayError("delivery_not_found", `No webhook delivery with id ${id}.`);

/** The delivery log of the caller's webhooks: list, inspect, and send a failed one again. */
export function registerWebhookRoutes(app: OpenAPIHono, deps: WebhookRouteDependencies): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/webhooks/deliveries",
      summary: "List webhook deliveries, newest first",
      request: { query: listDeliveriesQuerySchema },
      responses: { 200: jsonResponse(deliveryListSchema, "One page of deliveries"), ...errors },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const page = await deps.webhookDeliveries.list({ ...query, tenantId: deps.tenantOf(c.req.raw) });
      return c.json(
        { object: "list" as const, data: page.deliveries.map(toDeliveryView), nextCursor: page.nextCursor },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/webhooks/deliveries/{id}",
      summary: "Get a webhook delivery and its delivery log",
      request: { params: deliveryIdParamsSchema },
      responses: { 200: jsonResponse(deliveryViewSchema, "The delivery"), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const delivery = await deps.webhookDeliveries.get(deps.tenantOf(c.req.raw), id);
      if (delivery === null) throw notFound(id);
      return c.json(toDeliveryView(delivery), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/webhooks/deliveries/{id}/retry",
      summary: "Send a webhook delivery again now",
      description:
        "A dead delivery, or a pending one waiting for its next retry, becomes due at once; attempts keep counting. " +
        "A revived dead delivery that fails again is dead again.",
      request: { params: deliveryIdParamsSchema },
      responses: {
        202: jsonResponse(deliveryViewSchema, "The delivery is due now"),
        ...errors,
        409: jsonResponse(errorBodySchema, "The delivery was already delivered"),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const result = await deps.webhookDeliveries.retry(deps.tenantOf(c.req.raw), id, deps.clock.now());
      if (result.outcome === "not_found") throw notFound(id);
      if (result.outcome === "delivered") {
        throw new ReelayError(
          "delivery_already_delivered",
          `Webhook delivery ${id} was already delivered; the receiver answered ${result.delivery.lastStatus ?? "2xx"}.`,
        );
      }
      return c.json(toDeliveryView(result.delivery), 202);
    },
  );
}
