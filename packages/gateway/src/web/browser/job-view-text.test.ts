import { describe, expect, it } from "vitest";
import { makeJob, runningJob, succeededJob } from "../../../../client/src/test-support/make-job.ts";
import { adviceFor } from "./failure-advice.ts";
import { etaText, formatSeconds, formatUsd, percentOf } from "./format.ts";
import { requestFromJob } from "./job-request.ts";

describe("how a job reads in the web UI", () => {
  it("shows progress as a percentage that reaches 100 only when done", () => {
    expect(percentOf(null)).toBe(0);
    expect(percentOf(runningJob(0.423).progress)).toBe(42);
    expect(percentOf(runningJob(0.999).progress)).toBe(99);
    expect(percentOf(succeededJob().progress)).toBe(100);
  });

  it("says how long is left and who says so", () => {
    expect(etaText(runningJob(0.5, 75).progress)).toBe("About 1 min 15 s left (reported by the provider).");
    expect(etaText({ value: 0.1, source: "estimated", etaSeconds: 12, expectedFinishAt: null })).toBe(
      "About 12 s left (estimated by Reelay from past renders).",
    );
    expect(etaText(runningJob(0.5).progress)).toBe("Time left: not known yet.");
  });

  it("formats prices and times", () => {
    expect(formatUsd(0)).toBe("free");
    expect(formatUsd(0.8)).toBe("$0.80");
    expect(formatUsd(0.125)).toBe("$0.125");
    expect(formatSeconds(120)).toBe("2 min");
  });

  it("explains a failure in plain words with what to change", () => {
    const advice = adviceFor({ code: "content_filtered", message: "blocked" });
    expect(advice.what).toMatch(/refused the prompt or the image/);
    expect(advice.change).toMatch(/Reword the prompt/);
    expect(adviceFor(null).what).toMatch(/failed/);
  });

  it("makes the same job again from its parameters, without applying its style twice", () => {
    const job = makeJob({ style: "cinematic", category: "nature", preset: "quick-preview" });
    expect(requestFromJob(job)).toEqual({
      model: "local/preview",
      prompt: "A lighthouse at dusk",
      durationSeconds: 4,
      aspectRatio: "16:9",
      resolution: "720p",
      audio: false,
      category: "nature",
    });
  });
});
