import type { JobView } from "@reelay/client";
import { describe, expect, it } from "vitest";
import { createGoogleFake } from "../providers/google/fake.ts";
import { createOpenAiFake } from "../providers/openai/fake.ts";
import { createRunwayFake } from "../providers/runway/fake.ts";
import type { FakeProvider } from "../providers/shared/fake-server.ts";
import { createViduFake } from "../providers/vidu/fake.ts";
import type { RemoteProvider } from "./test-support/fake-environment.ts";
import { type FaultScenario, withFaultScenario } from "./test-support/fault-scenario.ts";

/*
 * Deadlines and cancels (DESIGN.md §5.6): where the provider can cancel (Runway's DELETE, Vidu's
 * cancel before scheduling) Reelay does so and the fake sees it; where it cannot (Veo, OpenAI) the
 * job says that the generation may go on upstream. Each job asks for a 1 s deadline
 * (`deadlineSeconds`); the renders take a minute.
 */

/** Renders far longer than any of these tests: the job is always stopped mid-way. */
const SLOW_TIMING = { queuedMs: 200, renderMs: 60_000 };
/** OpenAI's fake suggests polling at a quarter of its render time: this one after about 2 s. */
const OPENAI_TIMING = { queuedMs: 200, renderMs: 8_000 };
/** Vidu cancels only before scheduling, so its task stays queued. */
const QUEUED_TIMING = { queuedMs: 60_000, renderMs: 1_000 };
const DEADLINE = { deadlineSeconds: 1 };

const warningCodes = (job: JobView) => job.warnings.map((warning) => warning.code);

describe.concurrent("deadlines", () => {
  it.each([
    ["runway", () => createRunwayFake({ timing: SLOW_TIMING })],
    ["vidu", () => createViduFake({ timing: QUEUED_TIMING })],
  ] as Array<[RemoteProvider, () => FakeProvider]>)(
    "%s: a job past its deadline is cancelled upstream and fails deadline_exceeded",
    async (provider, makeFake) => {
      await withFaultScenario({ provider, fake: makeFake() }, async (scenario) => {
        const job = await scenario.waitFor((await scenario.createJob(DEADLINE)).id);
        expect(job.status).toBe("failed");
        expect(job.failure?.code).toBe("deadline_exceeded");
        expect(warningCodes(job)).toEqual([]);
        expect(scenario.calls("create")).toHaveLength(1);
        // The deadline had passed when the first poll was due: the job was stopped instead.
        expect(scenario.calls("poll")).toHaveLength(0);
        expect(scenario.calls("cancel")).toHaveLength(1);
      });
    },
  );

  it.each([
    ["google", () => createGoogleFake({ timing: SLOW_TIMING })],
    ["openai", () => createOpenAiFake({ timing: OPENAI_TIMING })],
  ] as Array<[RemoteProvider, () => FakeProvider]>)(
    "%s: a job past its deadline fails deadline_exceeded, warning that the generation may go on",
    async (provider, makeFake) => {
      await withFaultScenario({ provider, fake: makeFake() }, async (scenario) => {
        const job = await scenario.waitFor((await scenario.createJob(DEADLINE)).id);
        expect(job.status).toBe("failed");
        expect(job.failure?.code).toBe("deadline_exceeded");
        expect(warningCodes(job)).toEqual(["upstream_not_cancelled"]);
        expect(job.warnings[0]?.message).toMatch(/may still finish upstream/);
        expect(scenario.calls("create")).toHaveLength(1);
        expect(scenario.calls("poll")).toHaveLength(0);
      });
    },
  );
});

describe.concurrent("cancel", () => {
  /** Cancels a job as soon as it runs upstream and hands its end to `check`. */
  const cancelWhileRunning = async (
    provider: RemoteProvider,
    fake: FakeProvider,
    check: (job: JobView, scenario: FaultScenario) => void,
  ) => {
    await withFaultScenario({ provider, fake }, async (scenario) => {
      const created = await scenario.createJob();
      const running = await scenario.waitFor(created.id, (job) => job.status !== "queued");
      expect(running.status).toBe("running");
      const answer = await fetch(`${scenario.gateway.url}/api/v1/jobs/${created.id}/cancel`, { method: "POST" });
      expect(answer.status).toBe(202);
      check(await scenario.waitFor(created.id), scenario);
    });
  };

  it("cancels a running Runway job upstream with DELETE", async () => {
    await cancelWhileRunning("runway", createRunwayFake({ timing: SLOW_TIMING }), (job, scenario) => {
      expect(job.status).toBe("cancelled");
      expect(job.failure?.code).toBe("cancelled");
      expect(warningCodes(job)).toEqual([]);
      expect(scenario.calls("create")).toHaveLength(1);
      expect(scenario.calls("poll")).toHaveLength(0);
      expect(scenario.calls("cancel")).toHaveLength(1);
    });
  });

  it("cancels a running Veo job, warning that Google cannot cancel upstream", async () => {
    await cancelWhileRunning("google", createGoogleFake({ timing: SLOW_TIMING }), (job, scenario) => {
      expect(job.status).toBe("cancelled");
      expect(warningCodes(job)).toEqual(["upstream_not_cancelled"]);
      expect(job.warnings[0]?.message).toMatch(/google has no way to cancel/);
      expect(scenario.calls("create")).toHaveLength(1);
      expect(scenario.calls("poll")).toHaveLength(0);
    });
  });
});
