import { describe, expect, it } from "vitest";
import type { JobStatus, WebhookEvent } from "@reelay/client";
import type { JobRecord } from "../core/types.ts";
import type { StoredJobEventType } from "../jobs/job-events.ts";
import { makeJobRecord, TEST_EPOCH_MS } from "../jobs/test-support/make-job-record.ts";
import { jobMediaLinks } from "../http/job-media-links.ts";
import { planDeliveries } from "./plan-deliveries.ts";
import type { WebhookSourceEvent } from "./webhook-event-type.ts";

const JOB_URL = "https://caller.example.com/hook";
const OPERATOR_URL = "https://ops.example.com/hook";

let nextId = 0;
function source(
  type: StoredJobEventType,
  previousStatus: JobStatus | null,
  atMs: number,
  job: Partial<JobRecord>,
): WebhookSourceEvent {
  const record = makeJobRecord({ id: "job_a", tenantId: "tenant_a", ...job });
  record.request.webhookUrl = JOB_URL;
  return {
    event: { id: ++nextId, tenantId: record.tenantId, jobId: record.id, type, job: record, createdAt: atMs },
    previousStatus,
  };
}

function plan(events: WebhookSourceEvent[], options: { lastProgressAt?: Map<string, number>; urls?: string[] } = {}) {
  let counter = 0;
  return planDeliveries(
    { afterEventId: 0, events, lastProgressAt: options.lastProgressAt ?? new Map() },
    {
      configuredUrls: options.urls ?? [],
      progressIntervalMs: 10_000,
      mediaLinks: jobMediaLinks("https://reelay.example.com", null),
      nowMs: TEST_EPOCH_MS,
      createId: () => `msg_${++counter}`,
    },
  );
}

const at = (seconds: number) => TEST_EPOCH_MS + seconds * 1000;
const running = { status: "running" as const, progress: 0.2, progressSource: "provider" as const };

describe("planDeliveries", () => {
  it("announces the start, the outcome, and progress at most once per interval", () => {
    const deliveries = plan([
      source("status", null, at(0), {}),
      source("status", "queued", at(1), running),
      source("progress", "running", at(2), running),
      source("progress", "running", at(5), running),
      source("warnings", "running", at(6), running),
      source("progress", "running", at(12), running),
      source("done", "running", at(13), { status: "succeeded", progress: 1 }),
      source("progress", "succeeded", at(30), { status: "succeeded", progress: 1 }),
    ]);
    expect(deliveries.map((delivery) => [delivery.eventType, delivery.occurredAt])).toEqual([
      ["job.running", at(1)],
      ["job.progress", at(2)],
      ["job.progress", at(12)],
      ["job.succeeded", at(13)],
    ]);
  });

  it("throttles against the last progress already delivered, and names every terminal status", () => {
    const deliveries = plan(
      [
        source("progress", "running", at(5), running),
        source("progress", "running", at(11), running),
        source("done", "running", at(12), { status: "failed" }),
      ],
      { lastProgressAt: new Map([["job_a", at(1)]]) },
    );
    expect(deliveries.map((delivery) => delivery.eventType)).toEqual(["job.progress", "job.failed"]);
    expect(plan([source("done", "running", at(1), { status: "cancelled" })])[0]?.eventType).toBe("job.cancelled");
  });

  it("does not take a cancel request on a running job for a start", () => {
    const cancelRequest = source("status", "running", at(3), { ...running, cancelRequestedAt: at(3) });
    expect(plan([cancelRequest])).toEqual([]);
  });

  it("sends one body to each URL once, the configured one with the operator's trust", () => {
    const deliveries = plan([source("done", "running", at(4), { status: "succeeded", progress: 1 })], {
      urls: [OPERATOR_URL, JOB_URL],
    });
    expect(deliveries.map((delivery) => [delivery.url, delivery.target])).toEqual([
      [JOB_URL, "configured"],
      [OPERATOR_URL, "configured"],
    ]);
    expect(new Set(deliveries.map((delivery) => delivery.id)).size).toBe(2);
    expect(deliveries[0]?.payload).toBe(deliveries[1]?.payload);
    const body = JSON.parse(deliveries[0]?.payload ?? "") as WebhookEvent;
    expect(body.type).toBe("job.succeeded");
    expect(body.timestamp).toBe(new Date(at(4)).toISOString());
    expect(body.data).toMatchObject({ id: "job_a", object: "job", status: "succeeded" });
    expect(body.data.request.webhookUrl).toBe(JOB_URL);
  });

  it("makes nothing for a job without a webhook URL when no endpoint is configured", () => {
    const event = source("done", "running", at(4), { status: "succeeded" });
    delete event.event.job.request.webhookUrl;
    expect(plan([event])).toEqual([]);
    expect(plan([event], { urls: [OPERATOR_URL] }).map((delivery) => delivery.target)).toEqual(["configured"]);
  });
});
