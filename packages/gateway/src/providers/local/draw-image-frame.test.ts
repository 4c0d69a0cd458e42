import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RenderPlan } from "./api.ts";
import { createImageFramePainter, viewRect } from "./draw-image-frame.ts";
import { planRender } from "./map-request.ts";
import { localRequest } from "./test-support/fixtures.ts";
import {
  GRID_HEIGHT,
  gridOfFile,
  gridOfPixels,
  meanDifference,
  writeGradientImage,
  writeSolidImage,
} from "./test-support/images.ts";

describe("viewRect", () => {
  it("is the centred cover crop at zoom 1, whatever the pan", () => {
    const crop = { x: 0, y: 60, width: 1600, height: 900 };
    expect(viewRect(1600, 1020, 16 / 9, { zoom: 1, panX: 0, panY: 0 })).toEqual(crop);
    expect(viewRect(1600, 1020, 16 / 9, { zoom: 1, panX: 1, panY: -1 })).toEqual(crop);
    expect(viewRect(1000, 500, 1, { zoom: 1, panX: 0.5, panY: 0 })).toEqual({ x: 250, y: 0, width: 500, height: 500 });
  });

  it("closes in by the zoom and drifts within the room it frees", () => {
    expect(viewRect(800, 400, 2, { zoom: 2, panX: 0, panY: 0 })).toEqual({ x: 200, y: 100, width: 400, height: 200 });
    expect(viewRect(800, 400, 2, { zoom: 2, panX: 1, panY: -1 })).toEqual({ x: 400, y: 0, width: 400, height: 200 });
  });
});

let directory = "";
let gradientPath = "";
let greenPath = "";
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "reelay-image-frame-"));
  gradientPath = join(directory, "gradient.png");
  greenPath = join(directory, "green.jpg");
  await writeGradientImage(gradientPath);
  await writeSolidImage(greenPath, { r: 0, g: 200, b: 0 });
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

function imagePlan(overrides: Parameters<typeof localRequest>[0] = {}, lastFrame = false): RenderPlan {
  const request = localRequest({
    image: { uploadId: "u1" },
    ...(lastFrame ? { lastFrame: { uploadId: "u2" } } : {}),
    ...overrides,
  });
  return planRender(request, { image: gradientPath, ...(lastFrame ? { lastFrame: greenPath } : {}) });
}

async function paintGrid(plan: RenderPlan, frameIndex: number): Promise<Buffer> {
  const painter = await createImageFramePainter(plan, plan.images ?? expect.unreachable());
  return gridOfPixels(painter.paint(frameIndex), plan.width, plan.height);
}

/** Grid rows above the caption band (the band covers at most the bottom fifth). */
const ABOVE_CAPTION = Math.floor(GRID_HEIGHT * 0.8);

describe("createImageFramePainter", () => {
  it("opens on the bare input image", async () => {
    const plan = imagePlan();
    expect(meanDifference(await paintGrid(plan, 0), await gridOfFile(gradientPath))).toBeLessThan(2);
  });

  it("pans and zooms away from it over time", async () => {
    const plan = imagePlan();
    const start = await paintGrid(plan, 0);
    const later = await paintGrid(plan, plan.frameCount - 1);
    expect(meanDifference(start, later, 0, ABOVE_CAPTION)).toBeGreaterThan(4);
  });

  it("fades the caption in after half a second, in the bottom fifth only", async () => {
    const captioned = imagePlan();
    const bare = imagePlan({ prompt: "" });
    expect(captioned.seed).toBe(bare.seed);
    expect(meanDifference(await paintGrid(captioned, 0), await paintGrid(bare, 0))).toBe(0);
    expect(meanDifference(await paintGrid(captioned, 6), await paintGrid(bare, 6))).toBe(0);
    const withCaption = await paintGrid(captioned, 36);
    const withoutCaption = await paintGrid(bare, 36);
    expect(meanDifference(withCaption, withoutCaption, 0, ABOVE_CAPTION)).toBe(0);
    expect(meanDifference(withCaption, withoutCaption, ABOVE_CAPTION)).toBeGreaterThan(10);
  });

  it("cross-fades to the last image and ends on it", async () => {
    const plan = imagePlan({}, true);
    const green = await gridOfFile(greenPath);
    const gradient = await gridOfFile(gradientPath);
    expect(meanDifference(await paintGrid(plan, 0), gradient)).toBeLessThan(2);
    // The first half is the first image's alone.
    const firstHalf = await paintGrid(plan, Math.floor((plan.frameCount - 1) / 2));
    expect(meanDifference(firstHalf, gradient, 0, ABOVE_CAPTION)).toBeLessThan(meanDifference(firstHalf, green));
    const blended = await paintGrid(plan, Math.round((plan.frameCount - 1) * 0.75));
    expect(meanDifference(blended, green)).toBeGreaterThan(10);
    expect(meanDifference(blended, gradient)).toBeGreaterThan(10);
    expect(meanDifference(await paintGrid(plan, plan.frameCount - 1), green)).toBeLessThan(2);
  });

  it("drifts another way for another seed", async () => {
    const one = await paintGrid(imagePlan({ seed: 1 }), 40);
    const other = await paintGrid(imagePlan({ seed: 2 }), 40);
    expect(meanDifference(one, other, 0, ABOVE_CAPTION)).toBeGreaterThan(2);
  });

  it("fails clearly when an input image cannot be read", async () => {
    const plan = imagePlan();
    const images = { ...(plan.images ?? expect.unreachable()), imagePath: join(directory, "missing.png") };
    await expect(createImageFramePainter(plan, images)).rejects.toThrow(/could not read the first frame/);
  });
});
