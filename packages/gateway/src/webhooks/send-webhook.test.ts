import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSafeFetch, isPublicAddress } from "../net/safe-fetch.ts";
import { createWebhookSender } from "./send-webhook.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./test-support/webhook-receiver.ts";
import { nextRetryDelayMs } from "./webhook-retry-schedule.ts";
import { createWebhookSecret } from "./webhook-signature.ts";
import type { WebhookDelivery } from "./webhook-store.ts";

const secret = createWebhookSecret();
const loopbackFetch = createSafeFetch({ allowPrivateAddresses: true });

function delivery(url: string, target: WebhookDelivery["target"] = "configured"): WebhookDelivery {
  const payload = JSON.stringify({
    type: "job.succeeded",
    timestamp: "2026-01-01T00:00:00.000Z",
    data: { id: "job_1" },
  });
  return {
    id: "msg_test",
    tenantId: "tenant_a",
    jobId: "job_1",
    eventId: 1,
    eventType: "job.succeeded",
    url,
    target,
    payload,
    occurredAt: 0,
    status: "pending",
    attempts: 0,
    nextAttemptAt: 0,
    lastStatus: null,
    lastError: null,
    lastAttemptAt: null,
    createdAt: 0,
    deliveredAt: null,
  };
}

const sender = (fetchFor: () => typeof fetch, timeoutMs = 2_000) =>
  createWebhookSender({ secret, fetchFor, timeoutMs, userAgent: "Reelay-Webhooks/test" });

describe("one webhook attempt", () => {
  let receiver: WebhookReceiver;
  let target: WebhookReceiver;
  let silent: Server;
  let silentUrl: string;

  beforeAll(async () => {
    receiver = await startWebhookReceiver(secret);
    target = await startWebhookReceiver(secret);
    // Takes the request and never answers.
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await receiver?.close();
    await target?.close();
    silent?.closeAllConnections();
    await new Promise((resolve) => silent?.close(resolve));
  });

  it("sends a body the Standard Webhooks library verifies, and counts a 2xx as delivered", async () => {
    receiver.answerWith(() => ({ status: 202 }));
    const result = await sender(() => loopbackFetch)(delivery(receiver.url), Date.now());
    expect(result).toEqual({ delivered: true, status: 202, error: null });
    const [received] = receiver.received;
    expect(received?.verifyError).toBeNull();
    expect(received?.id).toBe("msg_test");
    expect(received?.body).toBe(delivery(receiver.url).payload);
    expect(received?.headers["user-agent"]).toBe("Reelay-Webhooks/test");
  });

  it("does not follow a redirect: a 3xx is a failed attempt", async () => {
    receiver.answerWith(() => ({ status: 307, headers: { location: target.url } }));
    const result = await sender(() => loopbackFetch)(delivery(receiver.url), Date.now());
    expect(result).toEqual({ delivered: false, status: 307, error: "answered HTTP 307 (redirects are not followed)" });
    expect(target.received).toEqual([]);
  });

  it("reads Retry-After from a 429 or 503 only", async () => {
    const nowMs = Date.now();
    receiver.answerWith(() => ({ status: 429, headers: { "retry-after": "7" } }));
    expect((await sender(() => loopbackFetch)(delivery(receiver.url), nowMs)).retryAfterMs).toBe(7_000);
    receiver.answerWith(() => ({ status: 503, headers: { "retry-after": new Date(nowMs + 90_000).toUTCString() } }));
    const unavailable = await sender(() => loopbackFetch)(delivery(receiver.url), nowMs);
    expect(unavailable.retryAfterMs).toBeGreaterThan(88_000);
    receiver.answerWith(() => ({ status: 500, headers: { "retry-after": "7" } }));
    expect(await sender(() => loopbackFetch)(delivery(receiver.url), nowMs)).toEqual({
      delivered: false,
      status: 500,
      error: "answered HTTP 500",
    });
  });

  it("gives up on a receiver that does not answer within the timeout", async () => {
    const startedAt = Date.now();
    const result = await sender(() => loopbackFetch, 300)(delivery(silentUrl), Date.now());
    expect(result).toEqual({ delivered: false, status: null, error: "no answer within 0.3 s" });
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });

  it("refuses, before connecting, a caller's URL whose name now resolves to a private address", async () => {
    // DNS rebinding: the name was public when the job was created and points inside now.
    const callerFetch = createSafeFetch({
      isAllowedAddress: isPublicAddress,
      resolve: async () => [{ address: "10.0.0.7", family: 4 }],
    });
    const result = await sender(() => callerFetch)(delivery("https://hooks.rebound.test/reelay", "job"), Date.now());
    expect(result.delivered).toBe(false);
    expect(result.status).toBeNull();
    expect(result.error).toContain("hooks.rebound.test resolves to 10.0.0.7, which is a private address");
  });

  it("reports a refused connection as a network error", async () => {
    await target.goDown();
    const result = await sender(() => loopbackFetch)(delivery(target.url), Date.now());
    expect(result).toMatchObject({ delivered: false, status: null });
    expect(result.error).toMatch(/^network error: .*ECONNREFUSED/);
  });
});

describe("the retry schedule", () => {
  const schedule = [1_000, 60_000];

  it("waits each step with ±20 % jitter, then gives up", () => {
    expect(nextRetryDelayMs(1, schedule, undefined, () => 0)).toBe(800);
    expect(nextRetryDelayMs(1, schedule, undefined, () => 0.999_999)).toBe(1_200);
    expect(nextRetryDelayMs(2, schedule, undefined, () => 0.5)).toBe(60_000);
    expect(nextRetryDelayMs(3, schedule, undefined, () => 0.5)).toBeNull();
  });

  it("never retries sooner than Retry-After asks, up to a day", () => {
    expect(nextRetryDelayMs(1, schedule, 30_000, () => 0.5)).toBe(30_000);
    expect(nextRetryDelayMs(2, schedule, 5_000, () => 0.5)).toBe(60_000);
    expect(nextRetryDelayMs(1, schedule, 7 * 24 * 3_600_000, () => 0.5)).toBe(24 * 3_600_000);
    expect(nextRetryDelayMs(3, schedule, 5_000, () => 0.5)).toBeNull();
  });
});
