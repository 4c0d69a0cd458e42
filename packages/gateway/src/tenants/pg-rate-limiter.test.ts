import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgDatabase, type PgPool } from "../db/pg-database.ts";
import { createTestPgDatabase, type TestPgDatabase } from "../db/test-support/pg-test-database.ts";
import { createPgRateLimiter } from "./pg-rate-limiter.ts";
import { describeRateLimiterContract } from "./rate-limiter.contract.ts";

describeRateLimiterContract("PostgreSQL", async () => {
  const database = await createTestPgDatabase();
  const pool = await openPgDatabase(database.url, { max: 2 });
  return {
    limiter: createPgRateLimiter(pool),
    async cleanup() {
      await pool.end();
      await database.drop();
    },
  };
});

describe("the PostgreSQL rate limiter", () => {
  const rate = { requests: 3, windowSeconds: 60 };
  let database: TestPgDatabase;
  let pools: PgPool[];
  beforeAll(async () => {
    database = await createTestPgDatabase();
    pools = await Promise.all([1, 2].map(() => openPgDatabase(database.url, { max: 4 })));
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await database.drop();
  });

  it("keeps one bucket per tenant for every process: the 4th request through either is refused", async () => {
    const [first, second] = pools.map(createPgRateLimiter);
    if (first === undefined || second === undefined) throw new Error("two pools expected");
    const now = Date.UTC(2025, 0, 1);
    const answers = [
      await first.take("shared", rate, now),
      await second.take("shared", rate, now),
      await first.take("shared", rate, now + 1),
    ];
    expect(answers.map((answer) => [answer.allowed, answer.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
    ]);
    for (const limiter of [second, first]) {
      // One token comes back every 20 s.
      expect(await limiter.take("shared", rate, now + 2)).toMatchObject({
        allowed: false,
        remaining: 0,
        retryAfterSeconds: 20,
      });
    }
    expect(await second.take("shared", rate, now + 20_002)).toMatchObject({ allowed: true, remaining: 0 });
    expect(await first.take("other", rate, now)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it("lets through exactly the bucket's tokens of requests sent by two processes at once", async () => {
    const limiters = pools.map(createPgRateLimiter);
    const senders = [...limiters, ...limiters, ...limiters, ...limiters];
    const now = Date.UTC(2025, 0, 1);
    // Every sender's own bucket first, so each pool has its connections open when the burst comes.
    await Promise.all(senders.map((limiter, index) => limiter.take(`warm-${index}`, rate, now)));
    const decisions = await Promise.all(senders.map((limiter) => limiter.take("burst", rate, now)));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(3);
    const remaining = decisions.map((decision) => decision.remaining).toSorted((left, right) => left - right);
    expect(remaining).toEqual([0, 0, 0, 0, 0, 0, 1, 2]);
  });
});
