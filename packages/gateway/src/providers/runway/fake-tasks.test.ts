import { describe, expect, it } from "vitest";
import { ProviderCallError } from "../../core/errors.ts";
import type { ProviderContext } from "../provider.ts";
import { createRunwayFake, type RunwayFakeOptions } from "./fake.ts";
import { createRunwayProvider } from "./index.ts";
import { runwayModels } from "./models.ts";
import { callFake, TEST_KEY } from "./test-support/fake-client.ts";
import { inProcessFetch } from "../../test-support/in-process-fetch.ts";

const T0 = Date.parse("2026-11-24T09:12:03.517Z");
const timing = { queuedMs: 1_000, renderMs: 4_000 };

/** A fake on a clock the test steps by hand. */
function steppedFake(options: RunwayFakeOptions = {}) {
  let nowMs = T0;
  const fake = createRunwayFake({ apiKey: TEST_KEY, timing, outputTtlMs: 60_000, now: () => nowMs, ...options });
  return {
    fake,
    at: (offsetMs: number) => (nowMs = T0 + offsetMs),
    async create(promptText = "A lighthouse at dusk"): Promise<string> {
      const body = { model: "gen4.5", promptText, ratio: "1280:720", duration: 2 };
      const answer = await callFake(fake, "POST", "/v1/text_to_video", { body });
      expect(answer.status).toBe(200);
      return String(answer.json.id);
    },
    task: (id: string) => callFake(fake, "GET", `/v1/tasks/${id}`),
  };
}

describe("Runway fake: task states over time", () => {
  it("goes PENDING → RUNNING with a 0–1 progress → SUCCEEDED with an output URL", async () => {
    const runway = steppedFake();
    const id = await runway.create();
    const pending = await runway.task(id);
    expect(pending.json).toEqual({
      id,
      createdAt: "2026-11-24T09:12:03.517Z",
      status: "PENDING",
      estimatedCost: { credits: 24 },
    });

    runway.at(timing.queuedMs + timing.renderMs * 0.455);
    expect((await runway.task(id)).json).toMatchObject({ status: "RUNNING", progress: 0.45 });

    runway.at(timing.queuedMs + timing.renderMs);
    const done = await runway.task(id);
    expect(done.json).toMatchObject({ id, status: "SUCCEEDED", cost: { credits: 24 } });
    expect(done.json).not.toHaveProperty("progress");
    const [url] = done.json.output as string[];
    expect(url).toMatch(new RegExp(`^http://runway\\.fake/cdn/${id}/video\\.mp4\\?_jwt=[\\w-]+\\.[\\w-]+\\.[\\w-]+$`));
    // A fresh URL on every read.
    expect((await runway.task(id)).json.output).not.toEqual([url]);
  });

  it("reads THROTTLED first when the organisation is at its concurrency limit", async () => {
    const runway = steppedFake({ throttledMs: 2_000 });
    const id = await runway.create();
    expect((await runway.task(id)).json.status).toBe("THROTTLED");
    runway.at(2_500);
    expect((await runway.task(id)).json.status).toBe("PENDING");
    runway.at(2_000 + timing.queuedMs + 1);
    expect((await runway.task(id)).json.status).toBe("RUNNING");
  });

  it.each([
    ["blocked-content", 1_000, "SAFETY.INPUT.TEXT"],
    ["blocked-output", 5_000, "SAFETY.OUTPUT.VIDEO"],
    ["fail-internal", 5_000, "INTERNAL.BAD_OUTPUT.CODE01"],
  ])("ends a task whose prompt holds %s as FAILED", async (marker, endsAtMs, failureCode) => {
    const runway = steppedFake();
    const id = await runway.create(`A street scene ${marker}`);
    runway.at(endsAtMs - 1);
    expect((await runway.task(id)).json.status).not.toBe("FAILED");
    runway.at(endsAtMs);
    expect((await runway.task(id)).json).toMatchObject({ status: "FAILED", failure: expect.any(String), failureCode });
  });
});

describe("Runway fake: output URLs", () => {
  it("serves a real MP4 without auth, then refuses the URL once it expired", async () => {
    const runway = steppedFake();
    const id = await runway.create();
    runway.at(5_000);
    const [url] = (await runway.task(id)).json.output as string[];
    const path = String(url).replace("http://runway.fake", "");
    const video = await runway.fake.app.fetch(new Request(`http://runway.fake${path}`));
    expect(video.status).toBe(200);
    expect(video.headers.get("content-type")).toBe("video/mp4");
    const bytes = new Uint8Array(await video.arrayBuffer());
    expect(Buffer.from(bytes.subarray(4, 8)).toString("latin1")).toBe("ftyp");
    expect(Number(video.headers.get("content-length"))).toBe(bytes.byteLength);

    runway.at(5_000 + 60_000);
    const expired = await callFake(runway.fake, "GET", path, { headers: {} });
    expect(expired.status).toBe(403);
    expect(expired.text).toContain("<Code>AccessDenied</Code>");
    // Reading the task again hands out a fresh, working URL.
    const [fresh] = (await runway.task(id)).json.output as string[];
    expect((await runway.fake.app.fetch(new Request(String(fresh)))).status).toBe(200);
  });

  it("refuses a forged, foreign or missing token", async () => {
    const runway = steppedFake();
    const first = await runway.create();
    const second = await runway.create();
    runway.at(5_000);
    const [url] = (await runway.task(first)).json.output as string[];
    const token = String(url).split("_jwt=")[1] ?? "";
    const forged = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
    for (const path of [
      `/cdn/${first}/video.mp4?_jwt=${forged}`,
      `/cdn/${second}/video.mp4?_jwt=${token}`,
      `/cdn/${first}/video.mp4`,
    ]) {
      expect((await callFake(runway.fake, "GET", path, { headers: {} })).status).toBe(403);
    }
  });
});

describe("Runway fake: DELETE /v1/tasks/:id", () => {
  it("cancels an unfinished task with 204 and no body; the task is gone afterwards", async () => {
    const runway = steppedFake();
    const id = await runway.create();
    runway.at(2_000);
    const deleted = await callFake(runway.fake, "DELETE", `/v1/tasks/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expect((await runway.task(id)).status).toBe(404);
    expect((await callFake(runway.fake, "DELETE", `/v1/tasks/${id}`)).status).toBe(404);
  });

  it("reads CANCELLED briefly during teardown when configured", async () => {
    const runway = steppedFake({ cancelledVisibleMs: 1_000 });
    const id = await runway.create();
    expect((await callFake(runway.fake, "DELETE", `/v1/tasks/${id}`)).status).toBe(204);
    expect((await runway.task(id)).json).toMatchObject({ status: "CANCELLED" });
    runway.at(1_000);
    expect((await runway.task(id)).status).toBe(404);
  });

  it("deletes a finished task and its output", async () => {
    const runway = steppedFake();
    const id = await runway.create();
    runway.at(5_000);
    const [url] = (await runway.task(id)).json.output as string[];
    expect((await callFake(runway.fake, "DELETE", `/v1/tasks/${id}`)).status).toBe(204);
    expect((await runway.task(id)).status).toBe(404);
    expect((await runway.fake.app.fetch(new Request(String(url)))).status).toBe(404);
  });

  it("is what the adapter's cancel calls, with Accept */*", async () => {
    const runway = steppedFake();
    const adapter = createRunwayProvider({ apiKey: TEST_KEY, baseUrl: "http://runway.fake" });
    const spec = runwayModels.find((model) => model.vendorModelId === "gen4.5");
    if (!spec) throw new Error("gen4.5 is missing from the catalog");
    const context: ProviderContext = {
      jobId: "job_cancel",
      spec,
      clock: { now: () => T0 },
      fetch: inProcessFetch(runway.fake),
      images: {},
      signal: AbortSignal.timeout(5_000),
      callbackUrl: null,
    };
    const id = await runway.create();
    const task = { taskId: id, endpoint: "/v1/text_to_video", model: "gen4.5" };
    expect(await adapter.cancel?.(task, context)).toEqual({ upstream: "cancelled" });
    const sent = runway.fake.faults.requests.at(-1);
    expect(sent).toMatchObject({ method: "DELETE", path: `/v1/tasks/${id}` });
    expect(sent?.headers).toMatchObject({
      accept: "*/*",
      authorization: `Bearer ${TEST_KEY}`,
      "x-runway-version": "2024-11-06",
    });
    // Repeated (say, after a crash): already gone upstream, so still cancelled.
    expect(await adapter.cancel?.(task, context)).toEqual({ upstream: "cancelled" });
    // A poll of the deleted task is a not_found call error, not a guess.
    const pollError = await adapter.poll(task, context).catch((error: unknown) => error);
    expect(pollError).toBeInstanceOf(ProviderCallError);
    expect(pollError).toMatchObject({ kind: "not_found", status: 404 });
    // Other failures of the DELETE are thrown, so the job says the cancel may not have happened.
    runway.fake.faults.inject({
      method: "DELETE",
      fault: { type: "status", status: 500, body: { error: "Internal" } },
    });
    const failed = await adapter.cancel?.(task, context).catch((error: unknown) => error);
    expect(failed).toMatchObject({ kind: "unavailable", retryable: true });
  });
});
