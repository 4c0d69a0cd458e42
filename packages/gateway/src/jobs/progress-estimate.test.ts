import { describe, expect, it } from "vitest";
import { estimateProgress } from "./progress-estimate.ts";

const started = 1_000_000;

describe("estimateProgress", () => {
  it("estimates from elapsed time against the expected render time, rising and capped below 1", () => {
    const at = (seconds: number, previous: number | null = null) =>
      estimateProgress({
        nowMs: started + seconds * 1000,
        startedAt: started,
        expectedFinishAt: started + 40_000,
        previous,
      });
    expect(at(10)).toEqual({ progress: 0.25, source: "estimated", expectedFinishAt: started + 40_000 });
    expect(at(20).progress).toBe(0.5);
    expect(at(39).progress).toBe(0.95);
  });

  it("moves the finish time out for a job that runs late, never giving a negative ETA", () => {
    const late = estimateProgress({
      nowMs: started + 50_000,
      startedAt: started,
      expectedFinishAt: started + 40_000,
      previous: 0.9,
    });
    expect(late.progress).toBe(0.95);
    expect(late.expectedFinishAt).toBe(started + 54_000);
  });

  it("extrapolates the ETA from the provider's own figure", () => {
    const halfway = estimateProgress({
      nowMs: started + 30_000,
      startedAt: started,
      expectedFinishAt: started + 10_000,
      previous: 0.2,
      reported: 0.5,
    });
    expect(halfway).toEqual({ progress: 0.5, source: "provider", expectedFinishAt: started + 60_000 });
  });

  it("never lets progress go back", () => {
    const dip = estimateProgress({
      nowMs: started + 1_000,
      startedAt: started,
      expectedFinishAt: started + 9_000,
      previous: 0.6,
      reported: 0.4,
    });
    expect(dip.progress).toBe(0.6);
    const early = estimateProgress({
      nowMs: started + 1_000,
      startedAt: started,
      expectedFinishAt: started + 9_000,
      previous: 0.02,
      reported: 0.01,
    });
    expect(early.expectedFinishAt).toBe(started + 9_000);
  });
});
