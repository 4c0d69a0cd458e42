import { describe, expect, it } from "vitest";
import { mapRenderState, renderProgress } from "./map-status.ts";

describe("mapRenderState", () => {
  it("reports a queued render", () => {
    expect(mapRenderState({ phase: "queued" }, "/out/a.mp4")).toMatchObject({ state: "queued" });
  });

  it("reports running with frames encoded over total, below 1 until the file is stored", () => {
    expect(mapRenderState({ phase: "running", framesDone: 12, frameCount: 48 }, "/out/a.mp4")).toEqual({
      state: "running",
      progress: 0.25,
      pollAfterMs: 500,
    });
    expect(renderProgress(48, 48)).toBe(0.99);
    expect(renderProgress(0, 48)).toBe(0);
    expect(renderProgress(3, 0)).toBe(0);
  });

  it("points a succeeded render at its file", () => {
    expect(mapRenderState({ phase: "succeeded" }, "/out/a.mp4")).toEqual({
      state: "succeeded",
      outputs: [{ kind: "video", source: { type: "file", path: "/out/a.mp4" }, mediaType: "video/mp4" }],
    });
  });

  it("fails with provider_error and the reason", () => {
    const result = mapRenderState({ phase: "failed", message: "encoder exploded" }, "/out/a.mp4");
    expect(result).toEqual({
      state: "failed",
      failure: { code: "provider_error", message: "Local render failed: encoder exploded" },
    });
  });

  it("reports cancelled", () => {
    expect(mapRenderState({ phase: "cancelled" }, "/out/a.mp4")).toEqual({ state: "cancelled" });
  });
});
