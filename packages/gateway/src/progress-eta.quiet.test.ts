import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRisingToOne, runJobToEnd } from "./test-support/read-events.ts";
import { startTestGateway, type TestGateway } from "./test-support/start-test-gateway.ts";

const seconds = (from: string | null, to: string | null) => (Date.parse(to ?? "") - Date.parse(from ?? "")) / 1000;

describe("ETA learnt from render history", () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(async () => {
    await gateway?.dispose();
  });

  it("rises to 1 from a provider that reports progress, and the learnt ETA lands within 25 %", async () => {
    const request = { model: "local/preview", prompt: "a windmill turning at dawn", durationSeconds: 4 };
    // A fresh process renders its first videos up to twice as slowly (threads start, code warms
    // up). Jobs of another length warm it without teaching this kind's render history.
    for (let run = 0; run < 4; run += 1) await runJobToEnd(gateway.url, { ...request, durationSeconds: 3, seed: run });
    const errors: number[] = [];
    for (let run = 0; run < 5; run += 1) {
      const views = await runJobToEnd(gateway.url, { ...request, seed: run });
      expectRisingToOne(views);
      expect(views.some((view) => view.progress?.source === "provider")).toBe(true);
      // The first view of the running job carries the ETA learnt from the jobs before it.
      const first = views.find((view) => view.status === "running" && view.progress?.expectedFinishAt);
      const last = views.at(-1);
      const predicted = seconds(first?.startedAt ?? null, first?.progress?.expectedFinishAt ?? null);
      const actual = seconds(last?.startedAt ?? null, last?.finishedAt ?? null);
      errors.push(Math.abs(predicted - actual) / actual);
    }
    // The first two jobs teach the history (the first one starts from the catalog's figure); after
    // them the ETA is within 25 % of the real time. The median of the last three keeps one render
    // slowed by a busy machine from deciding the test.
    const lastThree = errors.slice(2).toSorted((a, b) => a - b);
    expect(lastThree[1]).toBeLessThanOrEqual(0.25);
  });
});
