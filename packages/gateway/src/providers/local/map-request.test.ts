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
