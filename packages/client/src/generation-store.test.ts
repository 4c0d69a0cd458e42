import { describe, expect, it } from "vitest";
import { ReelayApiError } from "./errors.ts";
import { type GenerationState, createGenerationStore } from "./generation-store.ts";
import {
  createFakeFetch,
  errorResponse,
  type FakeHandler,
  jsonResponse,
  type SseChannel,
  sseChannel,
  sseEvent,
} from "./test-support/fake-fetch.ts";
import { makeJob, runningJob, succeededJob } from "./test-support/make-job.ts";
import { createVideoGenerationService } from "./video-generation-service.ts";

/** A server whose creates answer job_1, job_2 … and whose event streams the test drives. */
function fakeServer(options: { create?: FakeHandler } = {}) {
  const channels: SseChannel[] = [];
  let created = 0;
  const fake = createFakeFetch((call, index) => {
    if (call.method === "POST" && call.url.pathname === "/api/v1/jobs") {
      if (options.create) return options.create(call, index);
      return jsonResponse(makeJob({ id: `job_${++created}`, status: "queued" }), { status: 202 });
    }
    if (call.url.pathname.endsWith("/events")) {
      const channel = sseChannel();
      channels.push(channel);
      return channel.response;
    }
    if (call.url.pathname.endsWith("/cancel")) {
      return jsonResponse(makeJob({ status: "cancelled", failure: { code: "cancelled", message: "Cancelled." } }));
    }
    return errorResponse(404, "not_found");
  });
  const service = createVideoGenerationService({ baseUrl: "http://reelay.test", fetch: fake.fetch });
  return { service, calls: fake.calls, channels };
}

async function until(condition: () => boolean): Promise<void> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > 5000) throw new Error("Condition not met within 5 s");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("generation store", () => {
  it("goes from generating through rising progress to a video", async () => {
    const { service, channels } = fakeServer();
    const store = createGenerationStore(service);
    const states: GenerationState[] = [];
    store.subscribe((state) => states.push(state));

    const done = store.generateFromText({ prompt: "A lighthouse", model: "local/preview" });
    expect(store.getState()).toMatchObject({ isGenerating: true, progress: 0, videoUrl: null, error: null });
    await until(() => channels.length === 1);
    const stream = channels[0] as SseChannel;
    stream.send(sseEvent(1, "snapshot", runningJob(0.3, 20)));
    await until(() => store.getState().progress === 0.3);
    stream.send(sseEvent(2, "progress", runningJob(0.6, 10)));
    await until(() => store.getState().progress === 0.6);
    stream.send(sseEvent(3, "done", succeededJob()));
    const status = await done;

    expect(status?.status).toBe("succeeded");
    expect(store.getState()).toMatchObject({
      isGenerating: false,
      progress: 1,
      videoUrl: "http://reelay.test/api/v1/jobs/job_1/content",
      error: null,
      task: { id: "job_1" },
      status: { status: "succeeded" },
    });
    expect(states[0]).toMatchObject({ isGenerating: true, progress: 0 });
    const progress = states.map((state) => state.progress);
    expect(progress).toEqual(progress.toSorted((a, b) => a - b));
    expect(progress).toEqual(expect.arrayContaining([0.3, 0.6, 1]));
    expect(states.slice(0, -1).every((state) => state.isGenerating)).toBe(true);
    expect(new Set(states).size).toBe(states.length);
    expect(states.every((state) => Object.isFrozen(state))).toBe(true);
    expect(store.getState()).toBe(states.at(-1));
  });

  it("shows a failed job as an error", async () => {
    const { service, channels } = fakeServer();
    const store = createGenerationStore(service);
    const done = store.generateFromText({ prompt: "x", model: "local/preview" });
    await until(() => channels.length === 1);
    const failed = makeJob({
      status: "failed",
      failure: { code: "content_filtered", message: "The prompt was blocked." },
    });
    channels[0]?.send(sseEvent(1, "snapshot", failed));
    const status = await done;
    expect(status?.failure?.code).toBe("content_filtered");
    const state = store.getState();
    expect(state).toMatchObject({ isGenerating: false, videoUrl: null, status: { status: "failed" } });
    expect(state.error).toBeInstanceOf(ReelayApiError);
    expect(state.error?.code).toBe("job_failed");
    expect(state.error?.message).toContain("content_filtered");
  });

  it("resolves null and keeps the error when the create is refused", async () => {
    const { service } = fakeServer({ create: () => errorResponse(422, "validation_failed", { message: "Too long." }) });
    const store = createGenerationStore(service);
    expect(await store.generateFromText({ prompt: "x", model: "local/preview" })).toBeNull();
    expect(store.getState()).toMatchObject({
      isGenerating: false,
      error: { code: "validation_failed", message: "Too long." },
    });
  });

  it("stops notifying after unsubscribe", async () => {
    const { service } = fakeServer({ create: () => errorResponse(422, "validation_failed") });
    const store = createGenerationStore(service);
    let notified = 0;
    const unsubscribe = store.subscribe(() => notified++);
    store.reset();
    expect(notified).toBe(1);
    unsubscribe();
    await store.generateFromText({ prompt: "x", model: "local/preview" });
    expect(notified).toBe(1);
  });

  it("stops waiting for a generation replaced by a new one, without cancelling its job", async () => {
    const { service, channels, calls } = fakeServer();
    const store = createGenerationStore(service);
    const first = store.generateFromText({ prompt: "one", model: "local/preview" });
    await until(() => channels.length === 1);
    const second = store.generateFromText({ prompt: "two", model: "local/preview" });
    expect(await first).toBeNull();
    await until(() => channels.length === 2);
    channels[1]?.send(sseEvent(1, "snapshot", succeededJob("job_2")));
    expect((await second)?.id).toBe("job_2");
    expect(store.getState()).toMatchObject({ task: { id: "job_2" }, error: null });
    expect(calls.some((call) => call.url.pathname.endsWith("/cancel"))).toBe(false);
  });

  it("cancels the job on cancel()", async () => {
    const { service, channels, calls } = fakeServer();
    const store = createGenerationStore(service);
    const done = store.generateFromText({ prompt: "x", model: "local/preview" });
    await until(() => channels.length === 1);
    await store.cancel();
    expect(await done).toBeNull();
    expect(calls.filter((call) => call.url.pathname === "/api/v1/jobs/job_1/cancel")).toHaveLength(1);
    expect(store.getState()).toMatchObject({ isGenerating: false, error: null, status: { status: "cancelled" } });
  });
});
