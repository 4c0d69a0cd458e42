import { describe, expect, it } from "vitest";
import { createOpenAiFake } from "../providers/openai/fake.ts";
import { FAST_TIMING } from "./test-support/fake-environment.ts";
import { withFaultScenario } from "./test-support/fault-scenario.ts";
import { openAiVideosUpstream } from "./test-support/upstream-calls.ts";

/*
 * Creates of unknown outcome on a provider whose records can be searched (DESIGN.md §5.1): OpenAI
 * lists an account's videos, so Reelay looks for the one its lost create started and follows it,
 * instead of sending the create again or giving up. Everything else still ends submission_unknown.
 */

const VIDEO_PATH = /^\/v1\/videos\/([^/?]+)$/;
const polledIds = (paths: string[]) => new Set(paths.map((path) => VIDEO_PATH.exec(path)?.[1]).filter(Boolean));

describe.concurrent("creates of unknown outcome, reconciled", () => {
  it("follows the video a create whose answer was lost started: one create, one video", async () => {
    const fake = createOpenAiFake({ timing: FAST_TIMING });
    await withFaultScenario({ provider: "openai", fake, timeoutSeconds: 1 }, async (scenario) => {
      fake.faults.inject({ method: "POST", pathIncludes: "/v1/videos", fault: { type: "lose_response" } });
      const job = await scenario.waitFor((await scenario.createJob()).id);
      expect(job.status).toBe("succeeded");
      expect(job.warnings.map((warning) => warning.code)).toContain("create_reconciled");
      expect(scenario.calls("create")).toHaveLength(1);
      expect(scenario.calls("lookup").length).toBeGreaterThanOrEqual(1);
      expect(scenario.calls("download")).toHaveLength(1);
      expect(await openAiVideosUpstream(scenario.fakeUrl)).toBe(1);
    });
  });

  it("ends submission_unknown when the records show the create never arrived", async () => {
    const fake = createOpenAiFake({ timing: FAST_TIMING });
    await withFaultScenario({ provider: "openai", fake, timeoutSeconds: 1 }, async (scenario) => {
      // The connection breaks before the provider acts: no video exists.
      fake.faults.inject({ method: "POST", pathIncludes: "/v1/videos", fault: { type: "reset" } });
      const job = await scenario.waitFor((await scenario.createJob()).id);
      expect(job.failure?.code).toBe("submission_unknown");
      expect(job.failure?.message).toMatch(/records show no matching generation/);
      expect(scenario.calls("create")).toHaveLength(1);
      expect(scenario.calls("lookup").length).toBeGreaterThanOrEqual(1);
      expect(await openAiVideosUpstream(scenario.fakeUrl)).toBe(0);
    });
  });

  it("never takes another job's video for its own, even with the same request", async () => {
    const fake = createOpenAiFake({ timing: FAST_TIMING });
    await withFaultScenario({ provider: "openai", fake, timeoutSeconds: 1 }, async (scenario) => {
      const first = await scenario.waitFor((await scenario.createJob()).id);
      expect(first.status).toBe("succeeded");
      const polledBefore = polledIds(scenario.calls("poll").map((request) => request.path));

      fake.faults.inject({ method: "POST", pathIncludes: "/v1/videos", fault: { type: "lose_response" } });
      const second = await scenario.waitFor((await scenario.createJob()).id);
      expect(second.status).toBe("succeeded");
      expect(second.warnings.map((warning) => warning.code)).toContain("create_reconciled");
      expect(scenario.calls("create")).toHaveLength(2);
      expect(await openAiVideosUpstream(scenario.fakeUrl)).toBe(2);
      // The second job followed the second video, never the first job's.
      const polledAfter = polledIds(scenario.calls("poll").map((request) => request.path));
      const newIds = [...polledAfter].filter((id) => !polledBefore.has(id));
      expect(newIds).toHaveLength(1);
      expect(polledBefore.size).toBe(1);
    });
  });
});
