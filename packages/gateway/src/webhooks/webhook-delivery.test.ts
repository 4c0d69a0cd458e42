import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobView, WebhookDeliveryList } from "@reelay/client";
import { eventually, startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";
import { VERSION } from "../version.ts";
import { createQuickJob } from "./test-support/start-gateway-in.ts";
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from "./test-support/webhook-receiver.ts";
import { createWebhookSecret } from "./webhook-signature.ts";

/** Longer than the job: only its first progress may be sent. */
const PROGRESS_INTERVAL_SECONDS = 30;

describe("webhooks of a local job", () => {
  const secret = createWebhookSecret();
  let jobReceiver: WebhookReceiver;
  let operatorReceiver: WebhookReceiver;
  let gateway: TestGateway;

  beforeAll(async () => {
    jobReceiver = await startWebhookReceiver(secret);
    operatorReceiver = await startWebhookReceiver(secret);
    gateway = await startTestGateway({
      REELAY_WEBHOOK_SECRET: secret,
      REELAY_WEBHOOK_URLS: `${operatorReceiver.url}?token=operator-only`,
      REELAY_WEBHOOK_PROGRESS_SECONDS: String(PROGRESS_INTERVAL_SECONDS),
      REELAY_ALLOW_PRIVATE_URLS: "true",
    });
  });
  afterAll(async () => {
    await gateway?.dispose();
    await jobReceiver?.close();
    await operatorReceiver?.close();
  });

  const eventsOf = (receiver: WebhookReceiver, jobId: string): ReceivedWebhook[] =>
    receiver.received.filter((entry) => entry.event.data.id === jobId);

  it("sends job.running, throttled progress and job.succeeded, in order, signed, to both URLs", async () => {
    const jobId = await createQuickJob(gateway.url, { webhookUrl: jobReceiver.url });
    for (const receiver of [jobReceiver, operatorReceiver]) {
      await eventually(
        async () => eventsOf(receiver, jobId).find((entry) => entry.event.type === "job.succeeded"),
        30_000,
        "job.succeeded",
      );
    }
    // Nothing follows the terminal event, not even a late progress write.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const recorded = await gateway.store.listEvents({ tenantId: "default", jobId, afterId: 0, limit: 1000 });
    const progressWrites = recorded.filter((event) => event.type === "progress").length;
    for (const receiver of [jobReceiver, operatorReceiver]) {
      const received = eventsOf(receiver, jobId);
      const types = received.map((entry) => entry.event.type);
      expect(types[0]).toBe("job.running");
      expect(types.at(-1)).toBe("job.succeeded");
      expect(types.slice(1, -1).every((type) => type === "job.progress")).toBe(true);
      expect(received.every((entry) => entry.verifyError === null)).toBe(true);
      expect(new Set(received.map((entry) => entry.id)).size).toBe(received.length);
      for (const entry of received) {
        expect(entry.id).toMatch(/^msg_[0-9a-z]{26}$/);
        expect(entry.headers["content-type"]).toBe("application/json");
        expect(entry.headers["user-agent"]).toBe(`Reelay-Webhooks/${VERSION}`);
        expect(entry.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
        expect(Math.abs(Number(entry.timestamp) - Date.now() / 1000)).toBeLessThan(60);
      }
      // The job wrote its progress about twice a second; one webhook carried it.
      expect(types.filter((type) => type === "job.progress")).toHaveLength(Math.min(1, progressWrites));
    }

    const succeeded = eventsOf(jobReceiver, jobId).at(-1)?.event.data;
    const current = (await (await fetch(`${gateway.url}/api/v1/jobs/${jobId}`)).json()) as JobView;
    expect(succeeded?.status).toBe("succeeded");
    expect(succeeded?.request).toEqual(current.request);
    expect(succeeded?.finishedAt).toBe(current.finishedAt);
    expect(succeeded?.video?.url).toBe(`${gateway.url}/api/v1/jobs/${jobId}/content`);
    expect(succeeded?.video?.sizeBytes).toBe(current.video?.sizeBytes);
  });

  it("lists every delivery of the job as delivered, hiding the configured endpoint's query", async () => {
    const jobId = await createQuickJob(gateway.url, { webhookUrl: jobReceiver.url });
    await eventually(
      async () => eventsOf(operatorReceiver, jobId).find((entry) => entry.event.type === "job.succeeded"),
      30_000,
      "job.succeeded",
    );
    const response = await fetch(`${gateway.url}/api/v1/webhooks/deliveries?jobId=${jobId}&limit=100`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as WebhookDeliveryList;
    const sent = eventsOf(jobReceiver, jobId).length + eventsOf(operatorReceiver, jobId).length;
    expect(page.data).toHaveLength(sent);
    expect(new Set(page.data.map((delivery) => delivery.url))).toEqual(
      new Set([jobReceiver.url, operatorReceiver.url]),
    );
    expect(JSON.stringify(page.data)).not.toContain("operator-only");
    for (const delivery of page.data) {
      expect(delivery).toMatchObject({ jobId, status: "delivered", attempts: 1, lastStatus: 204, lastError: null });
      expect(delivery.deliveredAt).not.toBeNull();
      expect(delivery.nextAttemptAt).toBeNull();
    }
    const ids = page.data.map((delivery) => delivery.id);
    expect(ids).toEqual(ids.toSorted().toReversed());
  });
});
