import { Reelay, type JobTimeline, type TimelineEntry } from "@reelay/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRunwayFake } from "../providers/runway/fake.ts";
import { FAST_TIMING, MODEL_OF } from "../reliability/test-support/fake-environment.ts";
import { withFaultScenario } from "../reliability/test-support/fault-scenario.ts";
import { eventually } from "../test-support/start-test-gateway.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../webhooks/test-support/webhook-receiver.ts";
import { createWebhookSecret } from "../webhooks/webhook-signature.ts";
import { hasSample, sampleOf } from "./test-support/prometheus-text.ts";

/*
 * Acceptance 4: metrics move as jobs run, and a finished job's timeline has every step. A job runs
 * on the Runway fake over real HTTP, so its create, poll and download are real calls that the fake
 * records; the timeline and the metrics must agree with what the fake saw.
 */

const MODEL = MODEL_OF.runway;

const entriesOf = <Step extends TimelineEntry["step"]>(timeline: JobTimeline, step: Step) =>
  timeline.entries.filter((entry): entry is Extract<TimelineEntry, { step: Step }> => entry.step === step);

/** The path of a recorded request without its query, as the timeline must show it. */
const pathOf = (recorded: { path: string }) => recorded.path.split("?")[0];

describe("metrics and the timeline of a job on a remote provider", () => {
  const secret = createWebhookSecret();
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver(secret);
  });
  afterAll(async () => {
    await receiver?.close();
  });

  it("moves the counters and histograms by what the job did, and keeps every step with its provider call", async () => {
    const fake = createRunwayFake({ timing: FAST_TIMING });
    const environment = { REELAY_WEBHOOK_SECRET: secret, REELAY_WEBHOOK_URLS: receiver.url };
    await withFaultScenario({ provider: "runway", fake, environment }, async (scenario) => {
      const scrape = async () => {
        const response = await fetch(`${scenario.gateway.url}/metrics`);
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
        return response.text();
      };
      const before = await scrape();
      const job = await scenario.waitFor((await scenario.createJob({ durationSeconds: 5 })).id);
      expect(job.status).toBe("succeeded");
      const client = new Reelay({ baseUrl: scenario.gateway.url });
      // The terminal webhook goes out after the job ended: its attempt is the last step to arrive.
      const timeline = await eventually(
        async () => {
          const read = await client.jobs.timeline(job.id);
          const sent = entriesOf(read, "webhook_sent").some((entry) => entry.details.eventType === "job.succeeded");
          return sent ? read : undefined;
        },
        20_000,
        "the job.succeeded webhook on the timeline",
      );
      const after = await scrape();
      const [create] = scenario.calls("create");
      const [download] = scenario.calls("download");
      const polls = scenario.calls("poll");
      if (create === undefined || download === undefined) throw new Error("the fake saw no create or no download");

      // Every step, in order, each no earlier than the one before.
      const steps = timeline.entries.map((entry) => entry.step);
      expect(steps[0]).toBe("accepted");
      expect(new Set(steps)).toEqual(
        new Set([
          "accepted",
          "submitted",
          "status_changed",
          "progress",
          "rendered",
          "downloaded",
          "thumbnailed",
          "webhook_sent",
        ]),
      );
      const times = timeline.entries.map((entry) => Date.parse(entry.at));
      expect(times).toEqual(times.toSorted((a, b) => a - b));
      expect(steps.indexOf("submitted")).toBeLessThan(steps.indexOf("rendered"));
      expect(steps.indexOf("rendered")).toBeLessThan(steps.indexOf("downloaded"));
      expect(steps.indexOf("downloaded")).toBeLessThan(steps.indexOf("thumbnailed"));
      expect(entriesOf(timeline, "status_changed").map(({ details }) => `${details.from}→${details.to}`)).toEqual([
        "queued→running",
        "running→succeeded",
      ]);
      expect(entriesOf(timeline, "progress").map((entry) => entry.details.milestone)).toEqual([
        "first",
        "25%",
        "50%",
        "75%",
        "100%",
      ]);

      // The provider calls behind the steps are the ones the fake received.
      const [submitted] = entriesOf(timeline, "submitted");
      expect(submitted?.providerCall).toMatchObject({
        operation: "create",
        requests: [{ method: "POST", path: pathOf(create), status: 200 }],
      });
      const [rendered] = entriesOf(timeline, "rendered");
      expect(rendered?.providerCall).toMatchObject({
        operation: "poll",
        requests: [{ method: "GET", path: pathOf(polls.at(-1) ?? create), status: 200 }],
      });
      const [downloaded] = entriesOf(timeline, "downloaded");
      expect(downloaded?.details.sizeBytes).toBe(job.video?.sizeBytes);
      expect(downloaded?.providerCall).toMatchObject({
        operation: "download",
        requests: [{ method: "GET", path: pathOf(download), status: 200 }],
      });
      const ended = entriesOf(timeline, "status_changed").at(-1);
      expect(ended?.providerCall?.operation).toBe("download");
      expect(timeline.polls).toBe(polls.length);
      expect(timeline.lastPollAt).not.toBeNull();
      const delivered = entriesOf(timeline, "webhook_sent").filter((entry) => entry.details.outcome === "delivered");
      expect(delivered.map((entry) => entry.details.eventType)).toContain("job.running");
      expect(delivered.every((entry) => entry.details.status === 204 && entry.details.target === "configured")).toBe(
        true,
      );
      // Neither the API key nor the signed output URL's token is anywhere in it.
      const text = JSON.stringify(timeline);
      const key = (create.headers.authorization ?? "").replace(/^Bearer /, "");
      const outputToken = new URL(download.path, "http://fake").searchParams.get("_jwt") ?? "";
      expect(key.length).toBeGreaterThan(0);
      expect(outputToken.length).toBeGreaterThan(0);
      expect(text).not.toContain(key);
      expect(text).not.toContain(outputToken);
      expect(text).not.toContain("?");

      // The counters and histograms moved by exactly what the job did.
      const moved = (name: string, labels: Record<string, string>) =>
        sampleOf(after, name, labels) - sampleOf(before, name, labels);
      const call = (operation: string) => ({ provider: "runway", operation });
      expect(moved("reelay_provider_call_duration_seconds_count", call("create"))).toBe(1);
      expect(moved("reelay_provider_call_duration_seconds_count", call("poll"))).toBe(polls.length);
      expect(moved("reelay_provider_call_duration_seconds_count", call("download"))).toBe(1);
      expect(moved("reelay_job_polls_count", { model: MODEL })).toBe(1);
      expect(moved("reelay_job_polls_sum", { model: MODEL })).toBe(polls.length);
      expect(moved("reelay_job_render_seconds_count", { model: MODEL })).toBe(1);
      expect(moved("reelay_job_first_progress_seconds_count", { model: MODEL })).toBe(1);
      const endToEnd = { model: MODEL, status: "succeeded" };
      expect(moved("reelay_job_end_to_end_seconds_count", endToEnd)).toBe(1);
      const endToEndSeconds = (Date.parse(job.finishedAt ?? "") - Date.parse(job.createdAt)) / 1000;
      expect(moved("reelay_job_end_to_end_seconds_sum", endToEnd)).toBeCloseTo(endToEndSeconds, 2);
      expect(moved("reelay_webhook_attempts_total", { outcome: "delivered" })).toBe(delivered.length);
      expect(moved("reelay_media_stored_bytes_total", { kind: "videos" })).toBe(job.video?.sizeBytes);
      // Gauges are read from the database at the scrape.
      expect(sampleOf(after, "reelay_jobs", { status: "succeeded", model: MODEL })).toBe(1);
      expect(sampleOf(after, "reelay_jobs", { status: "running", model: MODEL })).toBe(0);
      expect(sampleOf(after, "reelay_jobs_due")).toBe(0);
      expect(hasSample(after, "reelay_oldest_due_job_age_seconds")).toBe(true);
      expect(hasSample(after, "process_cpu_user_seconds_total")).toBe(true);
      expect(after).not.toMatch(/tenant/);
    });
  }, 60_000);

  it("shows a cancel request and the provider's cancel call that ended the job", async () => {
    const fake = createRunwayFake({ timing: { queuedMs: 100, renderMs: 60_000 } });
    await withFaultScenario({ provider: "runway", fake }, async (scenario) => {
      const created = await scenario.createJob({ durationSeconds: 5 });
      await scenario.waitFor(created.id, (job) => job.status === "running");
      const cancel = await fetch(`${scenario.gateway.url}/api/v1/jobs/${created.id}/cancel`, { method: "POST" });
      expect(cancel.status).toBe(202);
      expect((await scenario.waitFor(created.id)).status).toBe("cancelled");
      const timeline = await new Reelay({ baseUrl: scenario.gateway.url }).jobs.timeline(created.id);
      const [cancelCall] = scenario.calls("cancel");
      if (cancelCall === undefined) throw new Error("the fake saw no cancel");
      // A poll may come first on a slow machine; whatever progress it saw is not what this is about.
      const steps = timeline.entries.map((entry) => entry.step).filter((step) => step !== "progress");
      expect(steps).toEqual(["accepted", "submitted", "status_changed", "cancel_requested", "status_changed"]);
      expect(timeline.entries.at(-1)).toMatchObject({
        details: { from: "running", to: "cancelled", failure: { code: "cancelled" } },
        providerCall: { operation: "cancel", requests: [{ method: "DELETE", path: pathOf(cancelCall) }] },
      });
      const metrics = await (await fetch(`${scenario.gateway.url}/metrics`)).text();
      expect(sampleOf(metrics, "reelay_job_end_to_end_seconds_count", { model: MODEL, status: "cancelled" })).toBe(1);
      expect(
        sampleOf(metrics, "reelay_provider_call_duration_seconds_count", { provider: "runway", operation: "cancel" }),
      ).toBe(1);
    });
  }, 60_000);
});
