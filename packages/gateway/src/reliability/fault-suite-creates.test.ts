import { describe, expect, it } from "vitest";
import { createPixverseFake } from "../providers/pixverse/fake.ts";
import { createRunwayFake } from "../providers/runway/fake.ts";
import type { FaultRule } from "../providers/shared/fake-faults.ts";
import { FAST_TIMING } from "./test-support/fake-environment.ts";
import { withFaultScenario } from "./test-support/fault-scenario.ts";

/*
 * Creates that fail (DESIGN.md §5.1). A provider's own error answer means nothing was created, so
 * the create is sent again. When the create may have reached the provider (no answer, a bare
 * 502/504, a reset, a timeout, a cut answer) its outcome is unknown: the job fails with
 * `submission_unknown` and the create is never sent twice, except on PixVerse, whose creates are
 * idempotent by `Ai-trace-id`. Providers whose records can be searched: reconcile-creates.test.ts.
 */

/** Faults after which Runway may or may not have created the task. */
const UNKNOWN_OUTCOMES: Array<[string, FaultRule["fault"]]> = [
  ["a 502 without a body", { type: "status", status: 502, body: "" }],
  ["a 504 without a body", { type: "status", status: 504, body: "" }],
  ["a connection reset", { type: "reset" }],
  ["no answer within the call timeout", { type: "hang" }],
  ["an answer cut short", { type: "truncate", afterBytes: 10 }],
];

describe.concurrent("faults on create", () => {
  it("sends a create again after a 5xx carrying Runway's error body, creating one task", async () => {
    const fake = createRunwayFake({ timing: FAST_TIMING });
    await withFaultScenario({ provider: "runway", fake }, async (scenario) => {
      fake.faults.inject({
        method: "POST",
        pathIncludes: "/v1/text_to_video",
        times: 2,
        fault: { type: "status", status: 500, body: { error: "An unexpected error occurred." } },
      });
      const job = await scenario.waitFor((await scenario.createJob()).id);
      expect(job.status).toBe("succeeded");
      expect(scenario.calls("create")).toHaveLength(3);
      // Only the third create reached the handler, and its task was done by the first poll.
      expect(scenario.calls("poll")).toHaveLength(1);
      expect(scenario.calls("download")).toHaveLength(1);
    });
  });

  it.each(UNKNOWN_OUTCOMES)("Runway create met with %s: submission_unknown, never sent twice", async (_, fault) => {
    const fake = createRunwayFake({ timing: FAST_TIMING });
    await withFaultScenario({ provider: "runway", fake, timeoutSeconds: 1 }, async (scenario) => {
      fake.faults.inject({ method: "POST", pathIncludes: "/v1/text_to_video", fault });
      const job = await scenario.waitFor((await scenario.createJob()).id);
      expect(job.status).toBe("failed");
      expect(job.failure?.code).toBe("submission_unknown");
      expect(job.failure?.message).toMatch(/check the provider's dashboard/);
      expect(scenario.calls("create")).toHaveLength(1);
      expect(scenario.calls("poll")).toHaveLength(0);
    });
  });

  it.each(UNKNOWN_OUTCOMES.slice(0, 4))(
    "PixVerse create met with %s: sent again with the same Ai-trace-id, one generation upstream",
    async (_, fault) => {
      const fake = createPixverseFake({ timing: FAST_TIMING });
      await withFaultScenario({ provider: "pixverse", fake, timeoutSeconds: 1 }, async (scenario) => {
        fake.faults.inject({ method: "POST", pathIncludes: "/video/text/generate", fault });
        const job = await scenario.waitFor((await scenario.createJob()).id);
        expect(job.status).toBe("succeeded");
        const creates = scenario.calls("create");
        expect(creates).toHaveLength(2);
        expect(new Set(creates.map((request) => request.headers["ai-trace-id"])).size).toBe(1);
        expect(fake.taskCount()).toBe(1);
        expect(scenario.calls("poll")).toHaveLength(1);
        expect(scenario.calls("download")).toHaveLength(1);
      });
    },
  );
});
