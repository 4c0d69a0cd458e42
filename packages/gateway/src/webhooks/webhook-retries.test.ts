import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebhookDeliveryList, WebhookDeliveryView } from "@reelay/client";
import type { Gateway } from "../gateway.ts";
import { eventually } from "../test-support/start-test-gateway.ts";
import { createQuickJob, startGatewayIn } from "./test-support/start-gateway-in.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./test-support/webhook-receiver.ts";
import { createWebhookSecret } from "./webhook-signature.ts";

/** Quick retries, about 12 s in all: longer than the outage, so nothing goes dead. */
const RETRY_SCHEDULE_MS = [100, 200, 300, ...Array.from({ length: 24 }, () => 500)];

describe("a receiver that is down for a while", () => {
  const secret = createWebhookSecret();
  let dataDir: string;
  let receiver: WebhookReceiver;
  let gateway: Gateway;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "reelay-webhook-retries-"));
    receiver = await startWebhookReceiver(secret);
    gateway = await startGatewayIn(
      dataDir,
      { REELAY_WEBHOOK_SECRET: secret, REELAY_ALLOW_PRIVATE_URLS: "true" },
      { webhookRetryScheduleMs: RETRY_SCHEDULE_MS },
    );
  });
  afterAll(async () => {
    await gateway?.close();
    await receiver?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function deliveriesOf(jobId: string): Promise<WebhookDeliveryView[]> {
    const response = await fetch(`${gateway.url}/api/v1/webhooks/deliveries?jobId=${jobId}&limit=100`);
    return ((await response.json()) as WebhookDeliveryList).data;
  }

  it("gets every event once it is back, in order per job, each webhook-id delivered once", async () => {
    await receiver.goDown();
    const jobIds = [
      await createQuickJob(gateway.url, { webhookUrl: receiver.url }),
      await createQuickJob(gateway.url, { webhookUrl: receiver.url }),
    ];
    // Down hard (connection refused) until both jobs have finished and their attempts have failed.
    for (const jobId of jobIds) {
      await eventually(
        async () => {
          const deliveries = await deliveriesOf(jobId);
          const done = deliveries.some((delivery) => delivery.eventType === "job.succeeded");
          const refused = deliveries.some((delivery) => delivery.lastError?.includes("ECONNREFUSED"));
          return done && refused ? true : undefined;
        },
        30_000,
        "finished jobs with refused deliveries",
      );
    }
    // Then up but failing, until a few attempts were answered 500 …
    receiver.answerWith(() => ({ status: 500 }));
    await receiver.comeBack();
    await eventually(async () => (receiver.received.length >= 3 ? true : undefined), 10_000, "failing attempts");
    // … then healthy again.
    receiver.answerWith(() => ({ status: 204 }));

    for (const jobId of jobIds) {
      const expected = await deliveriesOf(jobId);
      await eventually(
        async () => {
          const delivered = receiver.delivered().filter((entry) => entry.event.data.id === jobId);
          return delivered.length === expected.length ? delivered : undefined;
        },
        20_000,
        `every delivery of ${jobId}`,
      );
      const delivered = receiver.delivered().filter((entry) => entry.event.data.id === jobId);
      expect(new Set(delivered.map((entry) => entry.id))).toEqual(new Set(expected.map((delivery) => delivery.id)));
      const types = delivered.map((entry) => entry.event.type);
      expect(types[0]).toBe("job.running");
      expect(types.at(-1)).toBe("job.succeeded");
      const times = delivered.map((entry) => Date.parse(entry.event.timestamp));
      expect(times).toEqual(times.toSorted((left, right) => left - right));
      const final = await deliveriesOf(jobId);
      expect(final.every((delivery) => delivery.status === "delivered")).toBe(true);
      expect(final.some((delivery) => delivery.attempts > 2)).toBe(true);
    }

    // Retries kept their id; no id was answered 2xx twice; every request verified.
    const successes = receiver.received.filter((entry) => entry.answered === 204);
    expect(new Set(successes.map((entry) => entry.id)).size).toBe(successes.length);
    const failed = new Set(receiver.received.filter((entry) => entry.answered === 500).map((entry) => entry.id));
    expect(failed.size).toBeGreaterThan(0);
    expect([...failed].every((id) => successes.some((entry) => entry.id === id))).toBe(true);
    expect(receiver.received.every((entry) => entry.verifyError === null)).toBe(true);
  });

  it("waits as long as a 429's Retry-After asks", async () => {
    let first = true;
    receiver.answerWith(() => {
      if (!first) return { status: 204 };
      first = false;
      return { status: 429, headers: { "retry-after": "2" } };
    });
    const jobId = await createQuickJob(gateway.url, { webhookUrl: receiver.url });
    const running = await eventually(
      async () => {
        const attempts = receiver.received.filter(
          (entry) => entry.event.data.id === jobId && entry.event.type === "job.running",
        );
        return attempts.length === 2 ? attempts : undefined;
      },
      20_000,
      "the retried job.running",
    );
    const [rateLimited, retried] = running;
    expect(rateLimited?.answered).toBe(429);
    expect(retried?.id).toBe(rateLimited?.id);
    expect(Number(retried?.timestamp) - Number(rateLimited?.timestamp)).toBeGreaterThanOrEqual(2);
  });
});
