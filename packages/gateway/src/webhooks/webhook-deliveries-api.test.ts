import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ErrorBody, WebhookDeliveryList, WebhookDeliveryView } from "@reelay/client";
import { openSqliteDatabase } from "../db/sqlite-database.ts";
import type { Gateway } from "../gateway.ts";
import { makeJobRecord } from "../jobs/test-support/make-job-record.ts";
import { createSqliteJobStore } from "../jobs/sqlite-job-store.ts";
import { eventually } from "../test-support/start-test-gateway.ts";
import { createQuickJob, startGatewayIn } from "./test-support/start-gateway-in.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./test-support/webhook-receiver.ts";
import { createSqliteWebhookStore } from "./sqlite-webhook-store.ts";

describe("dead deliveries and the delivery API", () => {
  let dataDir: string;
  let gateway: Gateway;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "reelay-webhook-api-"));
    // No secret configured: the gateway makes one and keeps it in the data directory.
    gateway = await startGatewayIn(
      dataDir,
      { REELAY_ALLOW_PRIVATE_URLS: "true" },
      { webhookRetryScheduleMs: [50, 50] },
    );
    receiver = await startWebhookReceiver((await readFile(path.join(dataDir, "webhook-secret"), "utf8")).trim());
  });
  afterAll(async () => {
    await gateway?.close();
    await receiver?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const api = async <T>(pathAndQuery: string, method = "GET") => {
    const response = await fetch(`${gateway.url}${pathAndQuery}`, { method });
    return { status: response.status, body: (await response.json()) as T };
  };
  const list = async (query: string) => (await api<WebhookDeliveryList>(`/api/v1/webhooks/deliveries?${query}`)).body;

  it("keeps the generated secret in a file only its owner can read, and documents the routes", async () => {
    const info = await stat(path.join(dataDir, "webhook-secret"));
    expect(info.mode & 0o777).toBe(0o600);
    const document = (await (await fetch(`${gateway.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/webhooks/deliveries",
        "/api/v1/webhooks/deliveries/{id}",
        "/api/v1/webhooks/deliveries/{id}/retry",
      ]),
    );
  });

  it("declares a delivery dead when the schedule is spent, and revives it on request", async () => {
    receiver.answerWith(() => ({ status: 500 }));
    const jobId = await createQuickJob(gateway.url, { webhookUrl: receiver.url });
    const dead = await eventually(
      async () => (await list(`jobId=${jobId}&status=dead`)).data.find((d) => d.eventType === "job.succeeded"),
      30_000,
      "a dead job.succeeded delivery",
    );
    expect(dead).toMatchObject({ attempts: 3, lastStatus: 500, lastError: "answered HTTP 500", nextAttemptAt: null });
    expect(receiver.received.filter((entry) => entry.id === dead.id)).toHaveLength(3);

    receiver.answerWith(() => ({ status: 200 }));
    const revived = await api<WebhookDeliveryView>(`/api/v1/webhooks/deliveries/${dead.id}/retry`, "POST");
    expect(revived.status).toBe(202);
    expect(revived.body).toMatchObject({ id: dead.id, status: "pending", attempts: 3 });
    const delivered = await eventually(
      async () => {
        const current = (await api<WebhookDeliveryView>(`/api/v1/webhooks/deliveries/${dead.id}`)).body;
        return current.status === "delivered" ? current : undefined;
      },
      10_000,
      "the revived delivery",
    );
    expect(delivered).toMatchObject({ attempts: 4, lastStatus: 200, lastError: null });
    const attempts = receiver.received.filter((entry) => entry.id === dead.id);
    expect(attempts.map((entry) => entry.answered)).toEqual([500, 500, 500, 200]);
    expect(attempts.every((entry) => entry.verifyError === null && entry.body === attempts[0]?.body)).toBe(true);

    const again = await api<ErrorBody>(`/api/v1/webhooks/deliveries/${dead.id}/retry`, "POST");
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("delivery_already_delivered");
    expect(again.body.error.message).toContain("already delivered");
  });

  it("shows a tenant only its own deliveries", async () => {
    // Another tenant's job, written by another process on the same database.
    const database = openSqliteDatabase(path.join(dataDir, "reelay.db"));
    const job = makeJobRecord({ tenantId: "tenant_other", status: "succeeded", finishedAt: Date.now() });
    job.request.webhookUrl = receiver.url;
    await createSqliteJobStore(database).insert(job);
    const theirs = await eventually(
      async () =>
        (await createSqliteWebhookStore(database).list({ tenantId: "tenant_other", limit: 10 })).deliveries[0],
      10_000,
      "the other tenant's delivery",
    );
    database.close();

    for (const [route, method] of [
      [`/api/v1/webhooks/deliveries/${theirs.id}`, "GET"],
      [`/api/v1/webhooks/deliveries/${theirs.id}/retry`, "POST"],
      ["/api/v1/webhooks/deliveries/msg_00000000000000000000000000", "GET"],
      ["/api/v1/webhooks/deliveries/msg_00000000000000000000000000/retry", "POST"],
    ] as const) {
      const answer = await api<ErrorBody>(route, method);
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe("delivery_not_found");
    }
    expect((await list(`jobId=${job.id}`)).data).toEqual([]);
    expect((await list("limit=100")).data.map((delivery) => delivery.id)).not.toContain(theirs.id);
  });

  it("pages newest first with a cursor, and refuses bad query values with 400", async () => {
    const all = (await list("limit=100")).data;
    expect(all.length).toBeGreaterThanOrEqual(3);
    const first = await list("limit=2");
    expect(first.data.map((delivery) => delivery.id)).toEqual(all.slice(0, 2).map((delivery) => delivery.id));
    const second = await list(`limit=2&cursor=${first.nextCursor ?? ""}`);
    expect(second.data[0]?.id).toBe(all[2]?.id);

    for (const query of ["status=sent", "limit=0", "limit=101", "limit=ten", "cursor=not-a-cursor", "colour=red"]) {
      const answer = await api<ErrorBody>(`/api/v1/webhooks/deliveries?${query}`);
      expect(answer.status, query).toBe(400);
      expect(["invalid_request", "invalid_cursor"]).toContain(answer.body.error.code);
    }
  });
});
