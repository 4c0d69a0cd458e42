import { describe, expect, it } from "vitest";
import { createGoogleFake } from "../providers/google/fake.ts";
import { FILTERED_PROMPT_MARKER } from "../providers/google/veo-fake-core.ts";
import { createPolloFake } from "../providers/pollo/fake.ts";
import { createRunwayFake } from "../providers/runway/fake.ts";
import { createViduFake } from "../providers/vidu/fake.ts";
import { FAST_TIMING } from "./test-support/fake-environment.ts";
import { withFaultScenario } from "./test-support/fault-scenario.ts";

/*
 * What a finished generation hands back (DESIGN.md §5.4, §5.5): "succeeded" without a video and a
 * filtered result are failures with a code; a video that cannot be fetched any more is
 * `output_expired`; a download that breaks is downloaded again. Never is the generation redone.
 */

describe.concurrent("outputs", () => {
  it("fails a success without any output as no_output, downloading nothing", async () => {
    const fake = createRunwayFake({ timing: FAST_TIMING });
    await withFaultScenario({ provider: "runway", fake }, async (scenario) => {
      fake.faults.inject({
        method: "GET",
        pathIncludes: "/v1/tasks/",
        fault: {
          type: "status",
          status: 200,
          body: {
            id: "0f4b8e3c-2a1d-4c5e-9b7a-6d8e1f2a3b4c",
            createdAt: new Date().toISOString(),
            status: "SUCCEEDED",
            output: [],
          },
        },
      });
      const job = await scenario.waitFor((await scenario.createJob()).id);
      expect(job.status).toBe("failed");
      expect(job.failure?.code).toBe("no_output");
      expect(scenario.calls("create")).toHaveLength(1);
      expect(scenario.calls("poll")).toHaveLength(1);
      expect(scenario.calls("download")).toHaveLength(0);
    });
  });

  it("fails a Veo operation done with its only video filtered as content_filtered", async () => {
    const fake = createGoogleFake({ timing: FAST_TIMING });
    await withFaultScenario({ provider: "google", fake }, async (scenario) => {
      const job = await scenario.waitFor(
        (await scenario.createJob({ prompt: `a ${FILTERED_PROMPT_MARKER} scene` })).id,
      );
      expect(job.status).toBe("failed");
      expect(job.failure?.code).toBe("content_filtered");
      expect(scenario.calls("create")).toHaveLength(1);
      expect(scenario.calls("poll")).toHaveLength(1);
      expect(scenario.calls("download")).toHaveLength(0);
    });
  });

  it("fails an output URL that expired before the download as output_expired, without a second create", async () => {
    // The URL handed out lives 300 ms; the download reaches the storage 800 ms later.
    const fake = createViduFake({ timing: FAST_TIMING, outputTtlMs: 300 });
    await withFaultScenario({ provider: "vidu", fake }, async (scenario) => {
      fake.faults.inject({ method: "GET", pathIncludes: "/video.mp4", fault: { type: "slow", delayMs: 800 } });
      const job = await scenario.waitFor((await scenario.createJob()).id);
      expect(job.status).toBe("failed");
      expect(job.failure?.code).toBe("output_expired");
      expect(scenario.calls("create")).toHaveLength(1);
      expect(scenario.calls("poll")).toHaveLength(1);
      expect(scenario.calls("download")).toHaveLength(1);
    });
  });

  it("downloads again after a download broke mid-way, storing the whole video from one create", async () => {
    const fake = createPolloFake({ timing: FAST_TIMING });
    await withFaultScenario({ provider: "pollo", fake }, async (scenario) => {
      fake.faults.inject({
        method: "GET",
        pathIncludes: "/cdn/",
        fault: { type: "reset_mid_body", afterBytes: 4_096 },
      });
      const job = await scenario.waitFor((await scenario.createJob()).id);
      expect(job.status).toBe("succeeded");
      expect(scenario.calls("create")).toHaveLength(1);
      expect(scenario.calls("poll")).toHaveLength(1);
      const downloads = scenario.calls("download");
      expect(downloads.length).toBeGreaterThanOrEqual(2);
      // What Reelay serves is byte for byte what the provider's URL serves.
      const original = Buffer.from(await (await fetch(`${scenario.fakeUrl}${downloads[0]?.path ?? ""}`)).arrayBuffer());
      const stored = await fetch(`${scenario.gateway.url}/api/v1/jobs/${job.id}/content`);
      expect(stored.status).toBe(200);
      expect(Buffer.from(await stored.arrayBuffer()).equals(original)).toBe(true);
      expect(job.video?.sizeBytes).toBe(original.byteLength);
    });
  });
});
