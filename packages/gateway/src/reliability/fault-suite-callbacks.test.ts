import { describe, expect, it } from "vitest";
import { createPolloFake, POLLO_FAKE_WEBHOOK_SECRET } from "../providers/pollo/fake.ts";
import type { FakeCallbacks } from "../providers/shared/fake-callbacks.ts";
import type { FakeProvider } from "../providers/shared/fake-server.ts";
import { createViduFake } from "../providers/vidu/fake.ts";
import { VIDU_FIRST_POLL_MS } from "../providers/vidu/map-status.ts";
import { withFaultScenario } from "./test-support/fault-scenario.ts";

/*
 * Provider callbacks are hints (docs/architecture.md): each accepted one makes Reelay poll at once,
 * and nothing a callback says is written. So duplicates, replays and callbacks out of order change
 * when a poll happens, never how a job ends, and never cause a second create.
 */

/** Renders end 1.5 s after the create, well before Vidu's first regular poll at 5 s. */
const TIMING = { queuedMs: 200, renderMs: 1_300 };
const CALLBACKS_ON = { REELAY_PROVIDER_CALLBACKS: "on" };
/** Provider calls may take this long on a busy machine before they count as failed and are retried. */
const TIMEOUT_SECONDS = 10;

function callbacksOf(fake: FakeProvider): FakeCallbacks {
  if (fake.callbacks === undefined) throw new Error("this fake sends no callbacks");
  return fake.callbacks as FakeCallbacks;
}

const secondsBetween = (from: string, to: string | null) => (Date.parse(to ?? "") - Date.parse(from)) / 1000;

describe.concurrent("provider callbacks", () => {
  it("finishes a Vidu job as soon as its callback arrives, before the next regular poll", async () => {
    const fake = createViduFake({ timing: TIMING });
    await withFaultScenario(
      { provider: "vidu", fake, timeoutSeconds: TIMEOUT_SECONDS, environment: CALLBACKS_ON },
      async (scenario) => {
        const created = await scenario.createJob();
        const job = await scenario.waitFor(created.id);
        expect(job.status).toBe("succeeded");
        // Without the callback, the first poll would come 5 s after the create. Measured at the fake,
        // from create to first poll: storing the video afterwards takes what the machine gives it.
        const [create] = scenario.calls("create");
        const [firstPoll] = scenario.calls("poll");
        expect((firstPoll?.receivedAtMs ?? Infinity) - (create?.receivedAtMs ?? 0)).toBeLessThan(VIDU_FIRST_POLL_MS);
        const accepted = callbacksOf(fake).sent.filter((sent) => sent.answerStatus === 200);
        expect(accepted.map((sent) => sent.status)).toContain("success");
        expect(scenario.calls("create")).toHaveLength(1);
        expect(JSON.parse(scenario.calls("create")[0]?.body ?? "{}")).toMatchObject({
          callback_url: `${scenario.gateway.url}/callbacks/vidu`,
        });
      },
    );
  });

  it("asks for no callback when callbacks are off, and the job still ends by polling", async () => {
    const fake = createViduFake({ timing: TIMING });
    await withFaultScenario({ provider: "vidu", fake, timeoutSeconds: TIMEOUT_SECONDS }, async (scenario) => {
      const created = await scenario.createJob();
      const job = await scenario.waitFor(created.id);
      expect(job.status).toBe("succeeded");
      expect(JSON.parse(scenario.calls("create")[0]?.body ?? "{}")).not.toHaveProperty("callback_url");
      expect(callbacksOf(fake).sent).toEqual([]);
      expect(secondsBetween(created.createdAt, job.finishedAt)).toBeGreaterThanOrEqual(VIDU_FIRST_POLL_MS / 1000);
    });
  });

  it("takes duplicate callbacks as one more poll each: one create, one success", async () => {
    const fake = createViduFake({ timing: TIMING });
    callbacksOf(fake).configure({ duplicate: 3 });
    await withFaultScenario(
      { provider: "vidu", fake, timeoutSeconds: TIMEOUT_SECONDS, environment: CALLBACKS_ON },
      async (scenario) => {
        const job = await scenario.waitFor((await scenario.createJob()).id);
        expect(job.status).toBe("succeeded");
        const sent = callbacksOf(fake).sent;
        // Each duplicate is a fresh, validly signed message: all accepted, none of them a replay.
        expect(sent.filter((message) => message.status === "success").length).toBeGreaterThanOrEqual(3);
        expect(sent.every((message) => message.answerStatus === 200)).toBe(true);
        expect(scenario.calls("create")).toHaveLength(1);
        // A hint brings a poll forward; it never adds one beyond a poll per accepted callback.
        expect(scenario.calls("poll").length).toBeLessThanOrEqual(sent.length + 1);
        expect(scenario.calls("download")).toHaveLength(1);
      },
    );
  });

  it("is not misled by callbacks out of order: an early 'success' and a late 'processing'", async () => {
    const fake = createViduFake({ timing: TIMING });
    callbacksOf(fake).configure({ order: "reversed" });
    await withFaultScenario(
      { provider: "vidu", fake, timeoutSeconds: TIMEOUT_SECONDS, environment: CALLBACKS_ON },
      async (scenario) => {
        const created = await scenario.createJob();
        const job = await scenario.waitFor(created.id);
        expect(job.status).toBe("succeeded");
        const statuses = callbacksOf(fake).sent.map((message) => message.status);
        expect(statuses.indexOf("success")).toBeLessThan(statuses.lastIndexOf("processing"));
        // The early "success" was checked by a poll that found the task still rendering: the job
        // went on running and ended when the provider really was done, with one create.
        expect(scenario.calls("poll").length).toBeGreaterThanOrEqual(2);
        expect(scenario.calls("create")).toHaveLength(1);
        expect(job.video).not.toBeNull();
      },
    );
  });

  it("refuses a replayed Pollo callback with 400, while the job ends once", async () => {
    const fake = createPolloFake({ timing: TIMING });
    callbacksOf(fake).configure({ replay: true });
    await withFaultScenario(
      {
        provider: "pollo",
        fake,
        timeoutSeconds: TIMEOUT_SECONDS,
        environment: { ...CALLBACKS_ON, REELAY_POLLO_WEBHOOK_SECRET: POLLO_FAKE_WEBHOOK_SECRET },
      },
      async (scenario) => {
        const job = await scenario.waitFor((await scenario.createJob()).id);
        expect(job.status).toBe("succeeded");
        const sent = callbacksOf(fake).sent;
        expect(sent.filter((message) => !message.replay).map((message) => message.answerStatus)).toContain(200);
        const replays = sent.filter((message) => message.replay);
        expect(replays.length).toBeGreaterThanOrEqual(1);
        expect(replays.every((message) => message.answerStatus === 400)).toBe(true);
        expect(scenario.calls("create")).toHaveLength(1);
      },
    );
  });
});
