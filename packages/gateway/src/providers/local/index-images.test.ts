import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProviderCallError } from "../../core/errors.ts";
import type { ProviderAdapter } from "../provider.ts";
import { createLocalProvider } from "./index.ts";
import { decodeFrame, localContext, localRequest, pollUntilDone, probe } from "./test-support/fixtures.ts";
import {
  gridOfFile,
  gridOfPixels,
  meanDifference,
  preparedImage,
  writeGradientImage,
  writeSolidImage,
} from "./test-support/images.ts";

let directory = "";
let imagePath = "";
let lastFramePath = "";
let providers: ProviderAdapter[] = [];

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "reelay-local-images-"));
  imagePath = join(directory, "inputs-first.png");
  lastFramePath = join(directory, "inputs-last.jpg");
  await writeGradientImage(imagePath);
  await writeSolidImage(lastFramePath, { r: 0, g: 200, b: 0 });
});
afterEach(async () => {
  await Promise.all(providers.map((provider) => provider.close?.()));
  providers = [];
  await rm(directory, { recursive: true, force: true });
});

function localProvider(): ProviderAdapter {
  const provider = createLocalProvider({ outputDir: join(directory, "renders"), concurrency: 1 });
  providers.push(provider);
  return provider;
}

const imageRequest = localRequest({ image: { uploadId: "upl_first" }, durationSeconds: 1 });

describe("local provider, image-to-video", () => {
  it("renders from the prepared files and keeps their paths on the task", async () => {
    const provider = localProvider();
    const request = { ...imageRequest, lastFrame: { uploadId: "upl_last" } };
    const images = {
      image: preparedImage(imagePath),
      lastFrame: preparedImage(lastFramePath, 1280, 720, "image/jpeg"),
    };
    const started = await provider.start(request, localContext("job-i2v", images));
    expect(started.task).toMatchObject({ request, images: { image: imagePath, lastFrame: lastFramePath } });

    const results = await pollUntilDone(provider, started.task, "job-i2v");
    const final = results[results.length - 1];
    expect(final?.state).toBe("succeeded");
    const path = String(started.task.outputPath);
    const { width, height } = await probe(path);
    const first = await gridOfPixels(await decodeFrame(path, 0), width, height);
    expect(meanDifference(first, await gridOfFile(imagePath))).toBeLessThan(12);
  });

  it("keeps text-to-video tasks free of image paths", async () => {
    const started = await localProvider().start(localRequest({ durationSeconds: 1 }), localContext("job-t2v"));
    expect(started.task).not.toHaveProperty("images");
  });

  it.each([
    ["an image in the request but none prepared", imageRequest, {}],
    ["a prepared image the request does not name", localRequest(), { image: "first" }],
    ["a prepared last frame the request does not name", imageRequest, { image: "first", lastFrame: "last" }],
    ["an image not on local storage", imageRequest, { image: "remote" }],
  ] as const)("refuses %s without rendering", async (_case, request, which) => {
    const images = Object.fromEntries(
      Object.entries(which).map(([field, kind]) => [
        field,
        kind === "remote" ? { ...preparedImage(imagePath), localPath: null } : preparedImage(imagePath),
      ]),
    );
    const provider = localProvider();
    const error = await provider
      .start(request, localContext("job-mismatch", images))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderCallError);
    expect(error).toMatchObject({ kind: "bad_request", retryable: false, delivery: "not_sent" });
  });

  it("renders an unknown task again from the stored image paths", async () => {
    const crashed = localProvider();
    const started = await crashed.start(imageRequest, localContext("job-again", { image: preparedImage(imagePath) }));
    await crashed.close?.();
    expect(existsSync(String(started.task.outputPath))).toBe(false);

    const restarted = localProvider();
    const results = await pollUntilDone(restarted, started.task, "job-again");
    expect(results[results.length - 1]?.state).toBe("succeeded");
    const path = String(started.task.outputPath);
    const { width, height } = await probe(path);
    const first = await gridOfPixels(await decodeFrame(path, 0), width, height);
    expect(meanDifference(first, await gridOfFile(imagePath))).toBeLessThan(12);
  });

  it("fails the poll when the input image is gone before a re-render", async () => {
    const crashed = localProvider();
    const started = await crashed.start(imageRequest, localContext("job-gone", { image: preparedImage(imagePath) }));
    await crashed.close?.();
    expect(existsSync(String(started.task.outputPath))).toBe(false);
    await rm(imagePath);

    const result = await localProvider().poll(started.task, localContext("job-gone"));
    expect(result).toMatchObject({ state: "failed", failure: { code: "provider_error" } });
    expect(result.state === "failed" ? result.failure.message : "").toMatch(/input image \(first frame.*\) is gone/);
  });

  it("still answers a finished render once its input image is gone", async () => {
    const first = localProvider();
    const started = await first.start(imageRequest, localContext("job-done", { image: preparedImage(imagePath) }));
    await pollUntilDone(first, started.task, "job-done");
    await rm(imagePath);
    expect((await localProvider().poll(started.task, localContext("job-done"))).state).toBe("succeeded");
  });

  it("fails a task whose stored image paths are malformed", async () => {
    const started = await localProvider().start(
      imageRequest,
      localContext("job-bad", { image: preparedImage(imagePath) }),
    );
    const result = await localProvider().poll({ ...started.task, images: { image: 42 } }, localContext("job-bad"));
    expect(result).toMatchObject({ state: "failed", failure: { code: "provider_error" } });
  });
});
