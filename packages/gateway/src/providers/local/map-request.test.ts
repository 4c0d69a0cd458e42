import { describe, expect, it } from "vitest";
import { localRequest } from "./test-support/fixtures.ts";
import { LOCAL_FPS, planRender, UnrenderableRequestError } from "./map-request.ts";

describe("planRender", () => {
  it("plans 24 fps frames for exactly the requested duration", () => {
    const plan = planRender(localRequest({ durationSeconds: 5, resolution: "720p" }));
    expect(plan.fps).toBe(LOCAL_FPS);
    expect(plan.frameCount).toBe(120);
    expect(plan.frameCount / plan.fps).toBe(5);
    expect([plan.width, plan.height]).toEqual([1280, 720]);
  });

  it("derives colors and sound from the seed, the same every time", () => {
    const first = planRender(localRequest({ seed: 1234 }));
    const again = planRender(localRequest({ seed: 1234 }));
    const other = planRender(localRequest({ seed: 1235 }));
    expect(again).toEqual(first);
    expect(other.palette).not.toEqual(first.palette);
    expect(other.orbPhases).not.toEqual(first.orbPhases);
  });

  it("derives a stable seed from the request when none is given", () => {
    const { seed: _omitted, ...withoutSeed } = localRequest();
    const first = planRender(withoutSeed);
    expect(planRender(withoutSeed).seed).toBe(first.seed);
    expect(planRender({ ...withoutSeed, prompt: "something else" }).seed).not.toBe(first.seed);
  });

  it("rejects durations it cannot render", () => {
    for (const durationSeconds of [0, -1, Number.NaN, 600]) {
      expect(() => planRender(localRequest({ durationSeconds }))).toThrow(UnrenderableRequestError);
    }
  });
});

describe("planRender, image-to-video", () => {
  const request = localRequest({ image: { uploadId: "upl_1" }, seed: 42 });

  it("plans a pan/zoom over the image files, the same for the same seed", () => {
    const plan = planRender(request, { image: "/media/first.png" });
    expect(plan.images).toMatchObject({ imagePath: "/media/first.png", lastFramePath: null });
    const { endZoom, panX, panY } = plan.images ?? expect.unreachable();
    expect(endZoom).toBeGreaterThan(1);
    expect(endZoom).toBeLessThanOrEqual(1.2);
    expect(Math.hypot(panX, panY)).toBeCloseTo(1);
    expect(planRender(request, { image: "/media/first.png" })).toEqual(plan);
    expect(planRender({ ...request, seed: 43 }, { image: "/media/first.png" }).images).not.toEqual(plan.images);
  });

  it("adds the last frame when the request has one", () => {
    const plan = planRender({ ...request, lastFrame: { uploadId: "upl_2" } }, { image: "/a.png", lastFrame: "/b.png" });
    expect(plan.images).toMatchObject({ imagePath: "/a.png", lastFramePath: "/b.png" });
  });

  it("keeps the card's colors and sound: the image motion has its own generator", () => {
    const card = planRender(localRequest({ seed: 42 }));
    const image = planRender(request, { image: "/a.png" });
    expect(card.images).toBeNull();
    expect({ ...image, images: null }).toEqual(card);
  });

  it("refuses image files that do not match the request", () => {
    expect(() => planRender(request)).toThrow(UnrenderableRequestError);
    expect(() => planRender(localRequest(), { image: "/a.png" })).toThrow(UnrenderableRequestError);
    expect(() => planRender(request, { image: "/a.png", lastFrame: "/b.png" })).toThrow(UnrenderableRequestError);
  });
});
