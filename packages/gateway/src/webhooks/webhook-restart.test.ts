import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { JobView, WebhookDeliveryList } from "@reelay/client";
import { openSqliteDatabase } from "../db/sqlite-database.ts";
import type { Gateway } from "../gateway.ts";
import { eventually } from "../test-support/start-test-gateway.ts";
import { createSqliteWebhookStore } from "./sqlite-webhook-store.ts";
import { createQuickJob, startGatewayIn } from "./test-support/start-gateway-in.ts";
import { startWebhookReceiver } from "./test-support/webhook-receiver.ts";
import { createWebhookSecret } from "./webhook-signature.ts";

describe("webhooks across a restart", () => {
  const secret = createWebhookSecret();
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.toReversed()) await cleanup();
  });

  it("loses no event and sends none twice when the gateway stops mid-job", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "reelay-webhook-restart-"));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const receiver = await startWebhookReceiver(secret);
    cleanups.push(() => receiver.close());
    const environment = { REELAY_WEBHOOK_SECRET: secret, REELAY_ALLOW_PRIVATE_URLS: "true" };
    const options = { webhookRetryScheduleMs: Array.from({ length: 40 }, () => 250) };

    const first: Gateway = await startGatewayIn(dataDir, environment, options);
    // A longer render, so the stop lands while the job runs.
    const jobId = await createQuickJob(first.url, { webhookUrl: receiver.url, durationSeconds: 8, resolution: "720p" });
    await eventually(
      async () => receiver.received.find((entry) => entry.event.type === "job.running"),
      20_000,
      "job.running",
    );
    // The receiver goes down too: what the first gateway still records stays pending in the database.
    await receiver.goDown();
    await new Promise((resolve) => setTimeout(resolve, 600));
    const stoppedWith = await first.store.get("default", jobId);
    await first.close();
    expect(stoppedWith?.status).toBe("running");

    await receiver.comeBack();
    const second = await startGatewayIn(dataDir, environment, options);
    cleanups.push(() => second.close());
    const terminal = await eventually(
      async () =>
        receiver
          .delivered()
          .find(
            (entry) =>
              entry.event.data.id === jobId &&
              entry.event.type !== "job.running" &&
              entry.event.type !== "job.progress",
          ),
      60_000,
      "the terminal event",
    );
    const job = (await (await fetch(`${second.url}/api/v1/jobs/${jobId}`)).json()) as JobView;
    expect(terminal.event.type).toBe(`job.${job.status}`);

    // Everything the log made is delivered, once per webhook-id, and nothing else arrived.
    await eventually(
      async () => {
        const page = (await (
          await fetch(`${second.url}/api/v1/webhooks/deliveries?jobId=${jobId}&limit=100`)
        ).json()) as WebhookDeliveryList;
        return page.data.every((delivery) => delivery.status === "delivered") ? true : undefined;
      },
      20_000,
      "every delivery delivered",
    );
    const page = (await (
      await fetch(`${second.url}/api/v1/webhooks/deliveries?jobId=${jobId}&limit=100`)
    ).json()) as WebhookDeliveryList;
    const delivered = receiver.delivered();
    const successes = receiver.received.filter((entry) => entry.answered === 204);
    expect(successes).toHaveLength(delivered.length);
    expect(new Set(delivered.map((entry) => entry.id))).toEqual(new Set(page.data.map((delivery) => delivery.id)));
    const types = delivered.map((entry) => entry.event.type);
    expect(types.filter((type) => type === "job.running")).toHaveLength(1);
    expect(types.filter((type) => type === terminal.event.type)).toHaveLength(1);
    expect(types.at(-1)).toBe(terminal.event.type);
    expect(receiver.received.every((entry) => entry.verifyError === null)).toBe(true);

    // The cursor stands at the last job event: a dispatcher starting now has nothing left to read.
    const database = openSqliteDatabase(path.join(dataDir, "reelay.db"));
    const batch = await createSqliteWebhookStore(database).readDispatchBatch(10);
    database.close();
    expect(batch.events).toEqual([]);
    expect(batch.afterEventId).toBe(await second.store.lastEventId("default", jobId));
  });
});
