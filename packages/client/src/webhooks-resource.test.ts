import { describe, expect, it } from "vitest";
import { Reelay } from "./client.ts";
import { ReelayApiError } from "./errors.ts";
import { createFakeFetch, errorResponse, type FakeHandler, jsonResponse } from "./test-support/fake-fetch.ts";
import type { WebhookDeliveryView } from "./wire.ts";

function clientWith(handler: FakeHandler) {
  const fake = createFakeFetch(handler);
  return { client: new Reelay({ baseUrl: "http://reelay.test", fetch: fake.fetch }), calls: fake.calls };
}

const DELIVERY: WebhookDeliveryView = {
  id: "msg_1",
  object: "webhook_delivery",
  jobId: "job_1",
  url: "https://hooks.example.com/reelay",
  eventType: "job.succeeded",
  status: "dead",
  attempts: 3,
  nextAttemptAt: null,
  lastStatus: 500,
  lastError: "answered HTTP 500",
  lastAttemptAt: "2026-01-01T00:00:00.000Z",
  createdAt: "2026-01-01T00:00:00.000Z",
  deliveredAt: null,
};

describe("webhooks.deliveries", () => {
  it("lists with the filters as query parameters and reads one delivery by id", async () => {
    const { client, calls } = clientWith((call) =>
      call.url.pathname.endsWith("/deliveries")
        ? jsonResponse({ object: "list", data: [DELIVERY], nextCursor: null })
        : jsonResponse(DELIVERY),
    );
    const page = await client.webhooks.deliveries.list({ jobId: "job_1", status: "dead", limit: 5 });
    expect(page.data[0]?.id).toBe("msg_1");
    expect(calls[0]?.url.pathname).toBe("/api/v1/webhooks/deliveries");
    expect(Object.fromEntries(calls[0]?.url.searchParams ?? [])).toEqual({
      jobId: "job_1",
      status: "dead",
      limit: "5",
    });
    expect((await client.webhooks.deliveries.get("msg/1")).id).toBe("msg_1");
    expect(calls[1]?.url.pathname).toBe("/api/v1/webhooks/deliveries/msg%2F1");
  });

  it("retries with a bodiless POST and surfaces a 409 for a delivered one without retrying it", async () => {
    const { client, calls } = clientWith((call, index) =>
      index === 0
        ? jsonResponse({ ...DELIVERY, status: "pending" }, { status: 202 })
        : errorResponse(409, "delivery_already_delivered", { headers: { "x-should-retry": "false" } }),
    );
    expect((await client.webhooks.deliveries.retry("msg_1")).status).toBe("pending");
    expect(calls[0]?.method).toBe("POST");
    expect(calls[0]?.url.pathname).toBe("/api/v1/webhooks/deliveries/msg_1/retry");
    expect(calls[0]?.body).toBeUndefined();
    expect(calls[0]?.headers.has("content-type")).toBe(false);

    const error = await client.webhooks.deliveries.retry("msg_1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ReelayApiError);
    expect((error as ReelayApiError).code).toBe("delivery_already_delivered");
    expect(calls).toHaveLength(2);
  });
});
