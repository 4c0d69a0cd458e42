import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ErrorBody, JobList } from "@reelay/client";
import { eventually, startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";
import { createQuickJob } from "./test-support/start-gateway-in.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./test-support/webhook-receiver.ts";
import { createWebhookSecret } from "./webhook-signature.ts";

describe("webhook URLs and SSRF", () => {
  const secret = createWebhookSecret();
  let operatorReceiver: WebhookReceiver;
  let gateway: TestGateway;

  beforeAll(async () => {
    operatorReceiver = await startWebhookReceiver(secret);
    // Private URLs are not allowed here (the default).
    gateway = await startTestGateway({ REELAY_WEBHOOK_SECRET: secret, REELAY_WEBHOOK_URLS: operatorReceiver.url });
  });
  afterAll(async () => {
    await gateway?.dispose();
    await operatorReceiver?.close();
  });

  const create = async (webhookUrl: string) => {
    const response = await fetch(`${gateway.url}/api/v1/jobs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "local/preview", prompt: "a kite", durationSeconds: 1, webhookUrl }),
    });
    return { status: response.status, body: (await response.json()) as ErrorBody };
  };

  it("refuses a webhook URL that reaches a loopback, private, link-local or metadata address with 422", async () => {
    for (const url of [
      operatorReceiver.url,
      "http://10.20.30.40/hook",
      "http://169.254.169.254/latest/meta-data/",
      "http://[::1]:8080/hook",
      `http://localhost:${new URL(operatorReceiver.url).port}/hook`,
    ]) {
      const { status, body } = await create(url);
      expect(status, url).toBe(422);
      expect(body.error.code).toBe("unsafe_url");
      expect(body.error.message).toMatch(/^webhookUrl: Refusing to fetch/);
      expect(body.error.issues?.[0]?.field).toBe("webhookUrl");
    }
    const jobs = (await (await fetch(`${gateway.url}/api/v1/jobs`)).json()) as JobList;
    expect(jobs.data).toEqual([]);
    expect(operatorReceiver.received).toEqual([]);
  });

  it("refuses a URL that is not absolute http(s), or too long, with 400", async () => {
    for (const url of [
      "ftp://hooks.example.com/reelay",
      "/relative/hook",
      "hooks.example.com/reelay",
      "javascript:alert(1)",
      `https://hooks.example.com/${"a".repeat(2048)}`,
    ]) {
      const { status, body } = await create(url);
      expect(status, url).toBe(400);
      expect(body.error.code).toBe("invalid_request");
      expect(body.error.issues?.some((issue) => issue.field === "webhookUrl")).toBe(true);
    }
  });

  it("delivers to a configured endpoint on a private address: the operator chose it", async () => {
    const jobId = await createQuickJob(gateway.url);
    const succeeded = await eventually(
      async () =>
        operatorReceiver.received.find(
          (entry) => entry.event.data.id === jobId && entry.event.type === "job.succeeded",
        ),
      30_000,
      "job.succeeded at the configured endpoint",
    );
    expect(succeeded.verifyError).toBeNull();
    expect(succeeded.event.data.request.webhookUrl).toBeUndefined();
  });
});
