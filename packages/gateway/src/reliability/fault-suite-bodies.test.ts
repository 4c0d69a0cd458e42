import { describe, expect, it } from "vitest";
import { createPolloFake } from "../providers/pollo/fake.ts";
import { createRunwayFake } from "../providers/runway/fake.ts";
import { createViduFake } from "../providers/vidu/fake.ts";
import { FAST_TIMING } from "./test-support/fake-environment.ts";
import { withFaultScenario } from "./test-support/fault-scenario.ts";

/*
 * Answers that arrive slowly or broken. A slow answer within the call timeout is simply an answer;
 * a status answer that cannot be read is a poll blip, retried until a good one comes (DESIGN.md
 * §5.4: a poll error never fails a paid render). None of it may cost a second create.
 */

describe.concurrent("slow and broken answers", () => {
  it("takes slow answers within the call timeout on create, polls and download", async () => {
    const fake = createPolloFake({ timing: FAST_TIMING });
    await withFaultScenario({ provider: "pollo", fake, timeoutSeconds: 2 }, async (scenario) => {
      const slow = { type: "slow", delayMs: 1_200 } as const;
      fake.faults.inject({ method: "POST", pathIncludes: "/generation/", fault: slow });
      fake.faults.inject({ method: "GET", pathIncludes: "/status", fault: slow });
      fake.faults.inject({ method: "GET", pathIncludes: "/cdn/", fault: slow });
      const startedAt = Date.now();
      const job = await scenario.waitFor((await scenario.createJob()).id);
      expect(job.status).toBe("succeeded");
      expect(job.warnings.map((warning) => warning.code)).toEqual([]);
      expect(scenario.calls("create")).toHaveLength(1);
      expect(scenario.calls("poll")).toHaveLength(1);
      expect(scenario.calls("download")).toHaveLength(1);
      // All three delays were sat through, none cut short by a retry.
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(3 * 1_200);
    });
  });

  it("retries polls answered with malformed JSON and succeeds with one create", async () => {
    const fake = createRunwayFake({ timing: FAST_TIMING });
    await withFaultScenario({ provider: "runway", fake }, async (scenario) => {
      fake.faults.inject({ method: "GET", pathIncludes: "/v1/tasks/", times: 2, fault: { type: "malformed" } });
      const job = await scenario.waitFor((await scenario.createJob()).id);
      expect(job.status).toBe("succeeded");
      expect(scenario.calls("create")).toHaveLength(1);
      expect(scenario.calls("poll")).toHaveLength(3);
      expect(scenario.calls("download")).toHaveLength(1);
    });
  });

  it("retries polls whose answers were cut short and succeeds with one create", async () => {
    const fake = createViduFake({ timing: FAST_TIMING });
    await withFaultScenario({ provider: "vidu", fake }, async (scenario) => {
      fake.faults.inject({
        method: "GET",
        pathIncludes: "/creations",
        times: 2,
        fault: { type: "truncate", afterBytes: 20 },
      });
      const job = await scenario.waitFor((await scenario.createJob()).id);
      expect(job.status).toBe("succeeded");
      expect(scenario.calls("create")).toHaveLength(1);
      expect(scenario.calls("poll")).toHaveLength(3);
      expect(scenario.calls("download")).toHaveLength(1);
    });
  });
});
