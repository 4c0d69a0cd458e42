import { describe, expect, it } from "vitest";
import { Reelay } from "./client.ts";
import { ReelayApiError, WaitTimeoutError } from "./errors.ts";
import {
  createFakeFetch,
  type FakeHandler,
  jsonResponse,
  type RecordedCall,
  scripted,
  sseEvent,
  sseResponse,
} from "./test-support/fake-fetch.ts";
import { makeJob, runningJob, succeededJob } from "./test-support/make-job.ts";
import { makeModel } from "./test-support/make-model.ts";
import { createVideoGenerationService } from "./video-generation-service.ts";
import type { CreateJobRequest, JobView, ModelView } from "./wire.ts";

const CATALOG: ModelView[] = [
  makeModel({ id: "local/preview", provider: "local" }),
  makeModel({ id: "google/veo-2", provider: "google", available: false, unavailableReason: "no API key" }),
  makeModel({ id: "google/veo-old", provider: "google", lifecycle: { status: "deprecated" } }),
  makeModel({
    id: "google/veo-image",
    provider: "google",
    inputs: { text: false, firstFrame: true, lastFrame: true, references: false },
  }),
  makeModel({ id: "google/veo-3", provider: "google" }),
  makeModel({
    id: "runway/gen4",
    provider: "runway",
    inputs: { text: false, firstFrame: true, lastFrame: false, references: false },
  }),
];

/** A fake server: the catalog, uploads (numbered) and job creation echoing the request's model. */
function fakeServer(extra: FakeHandler = () => jsonResponse(makeJob())) {
  let uploads = 0;
  const fake = createFakeFetch((call, index) => {
    if (call.url.pathname === "/api/v1/models") return jsonResponse({ object: "list", data: CATALOG });
    if (call.url.pathname === "/api/v1/uploads") return jsonResponse({ id: `upl_${++uploads}`, object: "upload" });
    if (call.method === "POST" && call.url.pathname === "/api/v1/jobs") {
      const request = JSON.parse(String(call.body)) as CreateJobRequest;
      return jsonResponse(makeJob({ id: "job_new", model: request.model }), { status: 202 });
    }
    return extra(call, index);
  });
  const service = createVideoGenerationService({ baseUrl: "http://reelay.test", fetch: fake.fetch });
  const createdRequest = (): CreateJobRequest => {
    const call = fake.calls.find((candidate) => candidate.url.pathname === "/api/v1/jobs");
    return JSON.parse(String(call?.body)) as CreateJobRequest;
  };
  return { service, calls: fake.calls, createdRequest };
}

async function failure(promise: Promise<unknown>): Promise<ReelayApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ReelayApiError) return error;
    throw error;
  }
  throw new Error("Expected the call to fail");
}

const jobCalls = (calls: RecordedCall[]) => calls.filter((call) => call.url.pathname === "/api/v1/jobs");

describe("model choice", () => {
  it("maps the seed's parameters onto the request for an explicit model", async () => {
    const { service, createdRequest, calls } = fakeServer();
    const task = await service.generateVideoFromText({
      prompt: "A beautiful sunset over mountains",
      model: "local/preview",
      aspectRatio: "16:9",
      duration: 8,
      seed: 7,
      metadata: { user: "u1" },
    });
    expect(task).toMatchObject({ id: "job_new", model: "local/preview", createdAt: "2025-01-01T00:00:00.000Z" });
    expect(createdRequest()).toEqual({
      model: "local/preview",
      prompt: "A beautiful sunset over mountains",
      aspectRatio: "16:9",
      durationSeconds: 8,
      seed: 7,
      metadata: { user: "u1" },
    });
    expect(calls.some((call) => call.url.pathname === "/api/v1/models")).toBe(false);
  });

  it("picks a provider's first available, active model that takes the mode", async () => {
    const text = fakeServer();
    await text.service.generateVideoFromText({ prompt: "x", provider: "google" });
    expect(text.createdRequest().model).toBe("google/veo-3");

    const image = fakeServer();
    await image.service.generateVideoFromImage({ provider: "google", image: "https://images.test/a.png" });
    expect(image.createdRequest().model).toBe("google/veo-image");
  });

  it("explains why a provider has no suitable model", async () => {
    const { service, calls } = fakeServer();
    const error = await failure(service.generateVideoFromText({ prompt: "x", provider: "runway" }));
    expect(error).toMatchObject({ status: 0, code: "model_unavailable" });
    expect(error.message).toContain('"runway"');
    expect(error.message).toContain("text");
    expect(jobCalls(calls)).toHaveLength(0);

    const none = await failure(fakeServer().service.generateVideoFromText({ prompt: "x", provider: "vidu" }));
    expect(none.message).toContain("no model of this provider");
  });

  it("rejects both or neither of model and provider without calling the server", async () => {
    const { service, calls } = fakeServer();
    const both = await failure(
      service.generateVideoFromText({ prompt: "x", model: "local/preview", provider: "local" }),
    );
    const neither = await failure(service.generateVideoFromText({ prompt: "x" }));
    for (const error of [both, neither]) expect(error).toMatchObject({ status: 0, code: "invalid_request" });
    expect(calls).toHaveLength(0);
  });
});

describe("image inputs", () => {
  const bytes = Uint8Array.of(0x89, 0x50, 0x4e, 0x47);

  it.each([
    ["Uint8Array", bytes],
    ["ArrayBuffer", bytes.buffer],
    ["Blob", new Blob([bytes], { type: "image/png" })],
  ])("uploads %s bytes as multipart and sends the upload id", async (_kind, image) => {
    const { service, calls, createdRequest } = fakeServer();
    await service.generateVideoFromImage({ model: "google/veo-image", image });
    const upload = calls.find((call) => call.url.pathname === "/api/v1/uploads");
    const form = upload?.body;
    expect(form).toBeInstanceOf(FormData);
    const file = (form as FormData).get("file");
    expect(file).toBeInstanceOf(Blob);
    expect(new Uint8Array(await (file as Blob).arrayBuffer())).toEqual(bytes);
    expect(createdRequest().image).toEqual({ uploadId: "upl_1" });
  });

  it("maps URLs, data URIs and upload ids without uploading", async () => {
    const { service, calls, createdRequest } = fakeServer();
    const cases: Array<[Parameters<typeof service.generateVideoFromImage>[0]["image"], object]> = [
      [new URL("https://images.test/a.png"), { url: "https://images.test/a.png" }],
      ["http://images.test/b.jpg", { url: "http://images.test/b.jpg" }],
      ["data:image/png;base64,iVBORw0KGgo=", { dataUri: "data:image/png;base64,iVBORw0KGgo=" }],
      ["upl_abc", { uploadId: "upl_abc" }],
    ];
    const requests: CreateJobRequest[] = [];
    for (const [image] of cases) {
      await service.generateVideoFromImage({ model: "google/veo-image", prompt: "move", image });
      requests.push(createdRequestAt(calls, requests.length));
    }
    expect(requests.map((request) => request.image)).toEqual(cases.map(([, expected]) => expected));
    expect(calls.some((call) => call.url.pathname === "/api/v1/uploads")).toBe(false);
    expect(createdRequest().prompt).toBe("move");
  });

  it("uploads a last frame too", async () => {
    const { service, createdRequest } = fakeServer();
    await service.generateVideoFromImage({ model: "google/veo-image", image: "upl_first", lastFrame: bytes });
    expect(createdRequest()).toMatchObject({ image: { uploadId: "upl_first" }, lastFrame: { uploadId: "upl_1" } });
  });

  it("rejects a string that is no image reference", async () => {
    const { service, calls } = fakeServer();
    const error = await failure(service.generateVideoFromImage({ model: "google/veo-image", image: "C:\\photo.png" }));
    expect(error).toMatchObject({ status: 0, code: "invalid_request" });
    expect(jobCalls(calls)).toHaveLength(0);
  });
});

describe("task status", () => {
  it("polls until complete with (progress, etaSeconds) and absolute video URLs", async () => {
    const { service } = fakeServer(
      scripted(
        sseResponse([sseEvent(1, "snapshot", runningJob(0.25, 30)), sseEvent(2, "done", succeededJob("job_new"))]),
      ),
    );
    const task = await service.generateVideoFromText({ prompt: "x", model: "local/preview" });
    const progress: unknown[][] = [];
    const status = await service.pollTaskUntilComplete(task, { onProgress: (...values) => progress.push(values) });
    expect(progress).toEqual([
      [0.25, 30],
      [1, 0],
    ]);
    expect(status).toMatchObject({
      id: "job_new",
      status: "succeeded",
      isComplete: true,
      progress: 1,
      videoUrl: "http://reelay.test/api/v1/jobs/job_new/content",
      thumbnailUrl: "http://reelay.test/api/v1/jobs/job_new/thumbnail",
      failure: null,
    });
  });

  it("resolves a failed job with its failure instead of throwing", async () => {
    const failed: JobView = makeJob({ status: "failed", failure: { code: "content_filtered", message: "Blocked." } });
    const { service } = fakeServer(scripted(sseResponse([sseEvent(1, "snapshot", failed)])));
    const status = await service.pollTaskUntilComplete("job_1");
    expect(status).toMatchObject({
      isComplete: true,
      status: "failed",
      videoUrl: null,
      failure: { code: "content_filtered" },
    });
  });

  it("throws WaitTimeoutError after the timeout", async () => {
    const { service } = fakeServer(
      scripted(sseResponse([sseEvent(1, "snapshot", runningJob(0.1))], { keepOpen: true })),
    );
    await expect(service.pollTaskUntilComplete("job_1", { timeout: 150 })).rejects.toBeInstanceOf(WaitTimeoutError);
  });

  it("checks, cancels and lists through the client it was given", async () => {
    const fake = createFakeFetch(
      scripted(
        jsonResponse(runningJob(0.5, 12)),
        jsonResponse(makeJob({ status: "running", cancelRequestedAt: "2025-01-01T00:00:30.000Z" })),
        jsonResponse({ object: "list", data: CATALOG }),
      ),
    );
    const service = createVideoGenerationService({
      client: new Reelay({ baseUrl: "http://reelay.test", fetch: fake.fetch }),
    });
    expect(await service.checkTaskStatus("job_1")).toMatchObject({
      isComplete: false,
      progress: 0.5,
      progressSource: "provider",
      etaSeconds: 12,
      videoUrl: null,
    });
    expect((await service.cancelTask("job_1")).job.cancelRequestedAt).not.toBeNull();
    expect((await service.listModels()).map((model) => model.id)).toContain("google/veo-3");
    await service.close();
    expect(fake.calls.map((call) => `${call.method} ${call.url.pathname}`)).toEqual([
      "GET /api/v1/jobs/job_1",
      "POST /api/v1/jobs/job_1/cancel",
      "GET /api/v1/models",
    ]);
  });
});

function createdRequestAt(calls: RecordedCall[], index: number): CreateJobRequest {
  return JSON.parse(String(jobCalls(calls)[index]?.body)) as CreateJobRequest;
}
