import { z } from "@hono/zod-openapi";

const DELIVERY_STATUSES = ["pending", "delivered", "dead"] as const;
const EVENT_TYPES = ["job.running", "job.progress", "job.succeeded", "job.failed", "job.cancelled"] as const;

export const deliveryIdParamsSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" }, example: "msg_01j9z3x6v4q8w2e5r7t9y1u3i5" }),
});

export const listDeliveriesQuerySchema = z
  .object({
    jobId: z.string().min(1).max(100).optional(),
    status: z.enum(DELIVERY_STATUSES).optional(),
    cursor: z.string().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const deliveryViewSchema = z
  .object({
    id: z.string(),
    object: z.literal("webhook_delivery"),
    jobId: z.string(),
    url: z.string(),
    eventType: z.enum(EVENT_TYPES),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number(),
    nextAttemptAt: z.string().nullable(),
    lastStatus: z.number().nullable(),
    lastError: z.string().nullable(),
    lastAttemptAt: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .openapi("WebhookDelivery");

export const deliveryListSchema = z
  .object({ object: z.literal("list"), data: z.array(deliveryViewSchema), nextCursor: z.string().nullable() })
  .openapi("WebhookDeliveryList");
