import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RenderImagePaths } from "./api.ts";
import { planRender } from "./map-request.ts";
import { renderVideo } from "./render-video.ts";
import { decodeFrame, localRequest, packetDigest, probe } from "./test-support/fixtures.ts";
import {
  GRID_HEIGHT,
  gridOfFile,
  gridOfPixels,
  meanDifference,
  writeGradientImage,
  writeSolidImage,
} from "./test-support/images.ts";

/** The acceptance bound: a decoded frame "is" an image when it is this close on the grid. */
const SAME_IMAGE = 12;
/** Grid rows above the caption band. */
const ABOVE_CAPTION = Math.floor(GRID_HEIGHT * 0.8);

let directory = "";
let gradientPath = "";
let greenPath = "";
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "reelay-image-video-"));
  gradientPath = join(directory, "gradient.png");
  greenPath = join(directory, "green.jpg");
  await writeGradientImage(gradientPath);
  await writeSolidImage(greenPath, { r: 0, g: 200, b: 0 });
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Renders 2 s of 360p 16:9 image-to-video, with a last frame when `lastFrame` is set. */
async function render(name: string, options: { seed?: number; lastFrame?: boolean } = {}): Promise<string> {
  const images: RenderImagePaths = { image: gradientPath, ...(options.lastFrame ? { lastFrame: greenPath } : {}) };
  const request = localRequest({
    seed: options.seed ?? 7,
    image: { uploadId: "first" },
    ...(options.lastFrame ? { lastFrame: { uploadId: "last" } } : {}),
  });
  const plan = planRender(request, images);
  const path = join(directory, `${name}.mp4`);
  expect(await renderVideo(plan, path)).toBe("done");
  return path;
}

async function frameGrid(path: string, seconds: number): Promise<Buffer> {
  const { width, height } = await probe(path);
  return gridOfPixels(await decodeFrame(path, seconds), width, height);
}

describe("image-to-video", () => {
  it("opens on the input image, then pans and zooms away from it", async () => {
    const path = await render("first");
    const result = await probe(path);
    expect([result.width, result.height]).toEqual([640, 360]);
    expect(Math.abs(result.durationSeconds - 2)).toBeLessThanOrEqual(0.1);

    const first = await frameGrid(path, 0);
    expect(meanDifference(first, await gridOfFile(gradientPath))).toBeLessThan(SAME_IMAGE);
    const later = await frameGrid(path, 1.9);
    expect(meanDifference(first, later, 0, ABOVE_CAPTION)).toBeGreaterThan(4);
  });

  it("ends on the last frame when one is given", async () => {
    const path = await render("last", { lastFrame: true });
    const green = await gridOfFile(greenPath);
    const first = await frameGrid(path, 0);
    expect(meanDifference(first, await gridOfFile(gradientPath))).toBeLessThan(SAME_IMAGE);
    expect(meanDifference(first, green)).toBeGreaterThan(50);
    expect(meanDifference(await frameGrid(path, 1.99), green)).toBeLessThan(SAME_IMAGE);
  });

  it("is deterministic: the same seed gives the same packets, another seed another drift", async () => {
    const first = await render("seed-a", { seed: 11 });
    const again = await render("seed-a-again", { seed: 11 });
    const other = await render("seed-b", { seed: 12 });
    expect(await packetDigest(again)).toBe(await packetDigest(first));
    expect(await packetDigest(other)).not.toBe(await packetDigest(first));
  });
});
