import { describe, expect, it } from "vitest";
import { createOpenAiFake } from "../providers/openai/fake.ts";
import { createRunwayFake } from "../providers/runway/fake.ts";
import { createViduFake, viduErrorBody } from "../providers/vidu/fake.ts";
import { FAST_TIMING } from "./test-support/fake-environment.ts";
import { withFaultScenario } from "./test-support/fault-scenario.ts";
import { gapsMs, openAiVideosUpstream } from "./test-support/upstream-calls.ts";

/*
 * Rate limits and 5xx bursts (DESIGN.md §5.3): a 429 is waited out, as long as the provider asks
 * when it says so, without using up one of the job's create attempts (5); 5xx answers back off.
 * Every job ends with exactly one generation upstream.
 */

/** The distinct upstream ids the polls asked about: one per generation Reelay follows. */
const polledIds = (paths: string[]) => new Set(paths.map((path) => path.split("?")[0]));

describe.concurrent("rate limits and 5xx bursts", () => {
  it("waits out a 429 storm with Retry-After, more refusals than create attempts, and creates once", async () => {
    const fake = createOpenAiFake({ timing: FAST_TIMING });
    await withFaultScenario({ provider: "openai", fake }, async (scenario) => {
      fake.faults.inject({
        method: "POST",
        pathIncludes: "/v1/videos",
        times: 6,
        fault: {
          type: "status",
          status: 429,
          headers: { "retry-after": "1" },
          body: {
            error: { message: "Rate limit reached for requests", type: "requests", code: "rate_limit_exceeded" },
          },
        },
      });
      const job = await scenario.waitFor((await scenario.createJob()).id);
      expect(job.status).toBe("succeeded");
      const creates = scenario.calls("create");
      expect(creates).toHaveLength(7);
      // The provider asked for a second each time; no retry came sooner.
      for (const gap of gapsMs(creates)) expect(gap).toBeGreaterThanOrEqual(950);
      expect(await openAiVideosUpstream(scenario.fakeUrl)).toBe(1);
      // OpenAI's fake asks for polls every 125 ms: several, all about that one video.
      const polls = scenario.calls("poll");
      expect(polls.length).toBeGreaterThanOrEqual(1);
      expect(polledIds(polls.map((request) => request.path)).size).toBe(1);
      expect(scenario.calls("download")).toHaveLength(1);
    });
  });

  it("backs off through a 429 storm without Retry-After and creates once", async () => {
    const fake = createViduFake({ timing: FAST_TIMING });
    await withFaultScenario({ provider: "vidu", fake }, async (scenario) => {
      fake.faults.inject({
        method: "POST",
        pathIncludes: "/text2video",
        times: 4,
        fault: { type: "status", status: 429, body: viduErrorBody(429, "TooManyRequests", "too many requests") },
      });
      const job = await scenario.waitFor((await scenario.createJob()).id);
      expect(job.status).toBe("succeeded");
      const creates = scenario.calls("create");
      expect(creates).toHaveLength(5);
      // Vidu gives no delay: the backoff's own, doubling its ceiling (1, 2, 4, 8 s) with each rate
      // limit in a row and jittered to at least half of it.
      const gaps = gapsMs(creates);
      gaps.forEach((gap, index) => expect(gap).toBeGreaterThanOrEqual(450 * 2 ** index));
      // Vidu is polled 5 s after the create; the task was done long before.
      expect(scenario.calls("poll")).toHaveLength(1);
      expect(scenario.calls("download")).toHaveLength(1);
    });
  });

  it("polls through a burst of 5xx answers and succeeds with one create", async () => {
    const fake = createRunwayFake({ timing: FAST_TIMING });
    await withFaultScenario({ provider: "runway", fake }, async (scenario) => {
      fake.faults.inject({
        method: "GET",
        pathIncludes: "/v1/tasks/",
        times: 3,
        fault: { type: "status", status: 503, body: { error: "Service temporarily unavailable." } },
      });
      const job = await scenario.waitFor((await scenario.createJob()).id);
      expect(job.status).toBe("succeeded");
      expect(scenario.calls("create")).toHaveLength(1);
      const polls = scenario.calls("poll");
      expect(polls).toHaveLength(4);
      // Backed off: each wait after a failed poll is longer than the last one's lower bound.
      const [first = 0, second = 0, third = 0] = gapsMs(polls);
      expect([first >= 450, second >= 950, third >= 1_950]).toEqual([true, true, true]);
      expect(scenario.calls("download")).toHaveLength(1);
    });
  });
});
