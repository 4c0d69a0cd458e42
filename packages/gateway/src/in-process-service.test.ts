import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createVideoGenerationService as createHttpService,
  ReelayApiError,
  type VideoGenerationService,
} from "@reelay/client";
import { createVideoGenerationService } from "./index.ts";
import { probeVideo } from "./media/probe-video.ts";
import { makeTestImage } from "./media/test-support/make-test-image.ts";
import { startTestGateway, type TestGateway } from "./test-support/start-test-gateway.ts";

/** What a caller observes of an error, without anything that differs between runs. */
function errorFacts(error: unknown) {
  if (!(error instanceof ReelayApiError)) throw error;
  return { name: error.name, status: error.status, code: error.code, issues: error.issues };
}

async function failureOf(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    return errorFacts(error);
  }
  throw new Error("expected the call to fail");
}

/**
 * The original app's flow through a service: list models, refuse a bad request, generate from
 * text and from image bytes, follow progress, download, cancel a finished task. Returns what a
 * caller sees, without ids and times, so two services can be compared.
 */
async function scenario(service: VideoGenerationService, workDir: string) {
  const models = (await service.listModels()).map((model) => `${model.id}:${model.available}`);
  const refused = await failureOf(
    service.generateVideoFromText({ prompt: "a fox", model: "local/preview", duration: 99 }),
  );

  const task = await service.generateVideoFromText({
    prompt: "A beautiful sunset over mountains",
    provider: "local",
    aspectRatio: "16:9",
    duration: 2,
    resolution: "360p",
  });
  const early = await service.checkTaskStatus(task);
  const progress: number[] = [];
  let sawEta = false;
  const final = await service.pollTaskUntilComplete(task, {
    onProgress: (value, etaSeconds) => {
      progress.push(value);
      sawEta ||= etaSeconds !== null;
    },
  });
  const file = path.join(workDir, `${task.id}.mp4`);
  await writeFile(file, new Uint8Array(await (await service.downloadVideo(task)).arrayBuffer()));
  const probe = await probeVideo(file);
  // The URL handed out is a real one: a player on this machine can fetch it.
  const played = await fetch(final.videoUrl ?? "");

  const image = await makeTestImage({ width: 320, height: 180, format: "png", pattern: "gradient" });
  const imageTask = await service.generateVideoFromImage({
    prompt: "the gradient comes alive",
    model: "local/preview",
    image: new Uint8Array(image),
    duration: 1,
    resolution: "360p",
  });
  const imageFinal = await service.pollTaskUntilComplete(imageTask);
  const cancelledLate = await service.cancelTask(task);
  const unknown = await failureOf(service.checkTaskStatus("job_0000000000000000000000000"));

  return {
    models,
    refused,
    task: { model: task.model, status: task.job.status, request: task.job.request },
    early: { status: ["queued", "running"].includes(early.status), isComplete: early.isComplete },
    progress: {
      rising: progress.every((value, index) => index === 0 || value >= (progress[index - 1] ?? 0)),
      endsAtOne: progress.at(-1) === 1,
      sawEta,
    },
    final: {
      status: final.status,
      isComplete: final.isComplete,
      progress: final.progress,
      failure: final.failure,
      videoPath: new URL(final.videoUrl ?? "").pathname === `/api/v1/jobs/${task.id}/content`,
      thumbnailPath: new URL(final.thumbnailUrl ?? "").pathname === `/api/v1/jobs/${task.id}/thumbnail`,
    },
    probe: { duration: Math.round(probe.durationSeconds * 10) / 10, width: probe.width, height: probe.height },
    played: {
      status: played.status,
      type: played.headers.get("content-type"),
      size: (await played.arrayBuffer()).byteLength > 0,
    },
    image: { status: imageFinal.status, model: imageTask.model, hasImage: "image" in imageTask.job.request },
    cancelledLate: cancelledLate.status,
    unknown,
  };
}

describe("the same scenario over HTTP and in-process", () => {
  let gateway: TestGateway;
  let inProcessDir: string;
  let inProcess: VideoGenerationService;

  beforeAll(async () => {
    gateway = await startTestGateway();
    inProcessDir = await mkdtemp(path.join(tmpdir(), "reelay-in-process-"));
    inProcess = createVideoGenerationService({
      dataDir: inProcessDir,
      environment: { REELAY_LOG_LEVEL: "silent" },
    });
  });
  afterAll(async () => {
    await inProcess?.close();
    await gateway?.dispose();
    if (inProcessDir) await rm(inProcessDir, { recursive: true, force: true });
  });

  it("gives the same results through the HTTP client and the embedded gateway", async () => {
    const overHttp = await scenario(createHttpService({ baseUrl: gateway.url }), gateway.dataDir);
    const embedded = await scenario(inProcess, inProcessDir);

    expect(overHttp.final.status).toBe("succeeded");
    expect(overHttp.refused.code).toBe("validation_failed");
    expect(overHttp.refused.issues[0]?.field).toBe("durationSeconds");
    expect(overHttp.probe).toEqual({ duration: 2, width: 640, height: 360 });
    expect(overHttp.progress).toEqual({ rising: true, endsAtOne: true, sawEta: true });
    expect(overHttp.unknown).toMatchObject({ status: 404, code: "job_not_found" });
    expect(embedded).toEqual(overHttp);
  });

  it("rejects every call with the reason when the embedded gateway cannot start", async () => {
    const broken = createVideoGenerationService({
      dataDir: inProcessDir,
      environment: { REELAY_LOG_LEVEL: "silent", REELAY_WORKER_CONCURRENCY: "lots" },
    });
    await expect(broken.listModels()).rejects.toThrow(/REELAY_WORKER_CONCURRENCY/);
    await broken.close();
  });
});
