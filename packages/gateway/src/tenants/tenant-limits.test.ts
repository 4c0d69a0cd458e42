import { Reelay, type JobView } from "@reelay/client";
import { describe, expect, it } from "vitest";
import { createRunwayFake } from "../providers/runway/fake.ts";
import { FAST_TIMING, MODEL_OF } from "../reliability/test-support/fake-environment.ts";
import { withFaultScenario } from "../reliability/test-support/fault-scenario.ts";
import { eventually, startTestGateway } from "../test-support/start-test-gateway.ts";
import { createTestApiKey } from "./test-support/test-api-key.ts";

interface ErrorAnswer {
  error: { code: string; message: string; budget?: Record<string, unknown> };
}

/** Calls the API of `url` as the holder of `token`. */
function apiOf(url: string, token: string) {
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
    });
  return {
    call,
    create: (body: Record<string, unknown>) => call("/api/v1/jobs", { method: "POST", body: JSON.stringify(body) }),
    async job(id: string): Promise<JobView> {
      return (await (await call(`/api/v1/jobs/${id}`)).json()) as JobView;
    },
    async untilDone(id: string): Promise<JobView> {
      return eventually(
        async () => {
          const job = (await (await call(`/api/v1/jobs/${id}`)).json()) as JobView;
          return ["succeeded", "failed", "cancelled"].includes(job.status) ? job : undefined;
        },
        45_000,
        `job ${id}`,
      );
    },
  };
}

describe("tenant limits", () => {
  it("answers a tenant over its rate with 429, Retry-After and RateLimit headers, and leaves other tenants alone", async () => {
    const gateway = await startTestGateway();
    try {
      const limited = apiOf(
        gateway.url,
        await createTestApiKey(gateway.dataDir, "limited", { rate: { requests: 3, windowSeconds: 60 } }),
      );
      const free = apiOf(gateway.url, await createTestApiKey(gateway.dataDir, "free"));
      const answers = [];
      for (let index = 0; index < 4; index += 1) answers.push(await limited.call("/api/v1/jobs"));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
      expect(answers[0]?.headers.get("ratelimit-limit")).toBe("3");
      expect(answers[0]?.headers.get("ratelimit-remaining")).toBe("2");
      expect(answers[0]?.headers.get("ratelimit-policy")).toBe("3;w=60");
      const refused = answers[3];
      if (refused === undefined) throw new Error("no fourth answer");
      // One token comes back every 20 s.
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(15);
      expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(20);
      expect(refused.headers.get("ratelimit-remaining")).toBe("0");
      expect(((await refused.json()) as ErrorAnswer).error.code).toBe("rate_limited");
      for (let index = 0; index < 5; index += 1) expect((await free.call("/api/v1/jobs")).status).toBe(200);
    } finally {
      await gateway.dispose();
    }
  });

  it("queues a tenant's jobs beyond its running limit and runs them later, one after another", async () => {
    const gateway = await startTestGateway({ REELAY_LOCAL_RENDER_CONCURRENCY: "3" });
    try {
      const single = apiOf(gateway.url, await createTestApiKey(gateway.dataDir, "single", { maxRunningJobs: 1 }));
      const open = apiOf(gateway.url, await createTestApiKey(gateway.dataDir, "open"));
      const body = { model: "local/preview", prompt: "a paper boat on a pond", durationSeconds: 2 };
      const run = async (api: ReturnType<typeof apiOf>) => {
        const ids = [];
        for (let index = 0; index < 3; index += 1) {
          const created = await api.create({ ...body, seed: index });
          expect(created.status).toBe(202);
          ids.push(((await created.json()) as JobView).id);
        }
        return ids;
      };
      const singleIds = await run(single);
      const openIds = await run(open);
      const singleJobs = await Promise.all(singleIds.map((id) => single.untilDone(id)));
      const openJobs = await Promise.all(openIds.map((id) => open.untilDone(id)));
      for (const job of [...singleJobs, ...openJobs]) expect(job.status).toBe("succeeded");
      const spans = (jobs: JobView[]) =>
        jobs
          .map((job) => ({ start: Date.parse(job.startedAt ?? ""), end: Date.parse(job.finishedAt ?? "") }))
          .toSorted((a, b) => a.start - b.start);
      // The limited tenant's jobs ran one at a time; the other tenant's overlapped.
      const limitedSpans = spans(singleJobs);
      for (let index = 1; index < limitedSpans.length; index += 1) {
        expect(limitedSpans[index]?.start).toBeGreaterThanOrEqual(limitedSpans[index - 1]?.end ?? Infinity);
      }
      const openSpans = spans(openJobs);
      expect(openSpans[1]?.start).toBeLessThan(openSpans[0]?.end ?? 0);
    } finally {
      await gateway.dispose();
    }
  });

  it("refuses a create over budget with 402 before any provider call, and a failed job gives its reservation back", async () => {
    await withFaultScenario(
      { provider: "runway", fake: createRunwayFake({ timing: FAST_TIMING }) },
      async (scenario) => {
        const { gateway } = scenario;
        const body = { model: MODEL_OF.runway, prompt: "A lighthouse at dusk", durationSeconds: 5 };
        const probe = apiOf(gateway.url, await createTestApiKey(gateway.dataDir, "probe"));
        const quote = (await (
          await probe.call("/api/v1/validate", { method: "POST", body: JSON.stringify(body) })
        ).json()) as {
          priceUsd: number;
        };
        expect(quote.priceUsd).toBeGreaterThan(0);
        const budgetUsd = Math.round(quote.priceUsd * 150) / 100;
        const token = await createTestApiKey(gateway.dataDir, "thrifty", { monthlyBudgetUsd: budgetUsd });
        const api = apiOf(gateway.url, token);

        const failing = await api.create({ ...body, prompt: "blocked-content at the harbour" });
        expect(failing.status).toBe(202);
        const failingJob = (await failing.json()) as JobView;
        // The first job reaches the provider; the refused one must not.
        await eventually(
          async () => (scenario.calls("create").length === 1 ? true : undefined),
          10_000,
          "the first create",
        );

        const over = await api.create(body);
        expect(over.status).toBe(402);
        const refusal = (await over.json()) as ErrorAnswer;
        expect(refusal.error.code).toBe("budget_exceeded");
        expect(refusal.error.budget).toMatchObject({
          budgetUsd,
          reservedUsd: quote.priceUsd,
          spentUsd: 0,
          requestUsd: quote.priceUsd,
        });
        expect(refusal.error.message).toContain(`$${budgetUsd.toFixed(2)}`);
        expect((await api.untilDone(failingJob.id)).status).toBe("failed");
        expect(scenario.calls("create").length).toBe(1);
        const afterFailure = (await (await api.call("/api/v1/usage")).json()) as { budget: Record<string, number> };
        expect(afterFailure.budget).toMatchObject({ spentUsd: 0, reservedUsd: 0, remainingUsd: budgetUsd });

        const fits = await api.create(body);
        expect(fits.status).toBe(202);
        const done = await api.untilDone(((await fits.json()) as JobView).id);
        expect(done.status).toBe("succeeded");
        const usage = await new Reelay({ baseUrl: gateway.url, apiKey: token }).usage.get();
        const charged = (quote.priceUsd / body.durationSeconds) * (done.video?.durationSeconds ?? 0);
        expect(usage.budget.spentUsd).toBeCloseTo(charged, 3);
        expect(usage.budget.reservedUsd).toBe(0);
        expect(usage.limits.monthlyBudgetUsd).toBe(budgetUsd);
        for (const query of ["from=2026-13", "from=2026-05&to=2026-04", "from=2020-01&to=2026-01", "period=2026-01"]) {
          const refused = await api.call(`/api/v1/usage?${query}`);
          expect(refused.status, query).toBe(400);
          expect(((await refused.json()) as ErrorAnswer).error.message).toMatch(/from|to|period/);
        }
        expect(usage.periods[0]?.models).toEqual([
          expect.objectContaining({ model: MODEL_OF.runway, jobs: 2, seconds: done.video?.durationSeconds }),
        ]);
      },
    );
  });
});
