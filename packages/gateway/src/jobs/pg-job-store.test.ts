import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openPgDatabase, type PgPool } from "../db/pg-database.ts";
import { createTestPgDatabase, type TestPgDatabase } from "../db/test-support/pg-test-database.ts";
import { eventually } from "../test-support/start-test-gateway.ts";
import { describeJobStoreContract } from "./job-store.contract.ts";
import type { JobStore } from "./job-store.ts";
import { createPgJobStore } from "./pg-job-store.ts";
import { LEASE_MS, NOW_MS, tenantJob } from "./test-support/job-store-harness.ts";

describeJobStoreContract("PostgreSQL", async () => {
  const database = await createTestPgDatabase();
  const pool = await openPgDatabase(database.url, { max: 4 });
  const store = createPgJobStore(pool);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await pool.end();
      await database.drop();
    },
  };
});

describe("PostgreSQL job store across processes", () => {
  let database: TestPgDatabase;
  const pools: PgPool[] = [];
  const stores: JobStore[] = [];
  /** A store on a pool of its own: what another process on the same database has. */
  const process = async () => {
    const pool = await openPgDatabase(database.url, { max: 4 });
    const store = createPgJobStore(pool);
    pools.push(pool);
    stores.push(store);
    return store;
  };
  beforeEach(async () => {
    database = await createTestPgDatabase();
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const pool of pools.splice(0)) await pool.end();
    await database.drop();
  });

  it("never hands one job to two processes claiming at once", async () => {
    const [first, second, third] = [await process(), await process(), await process()];
    for (let index = 0; index < 60; index++) await first!.insert(tenantJob({ nextRunAt: NOW_MS - index }));
    const claims = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        [first, second, third][index % 3]!.claimDue(`w${index}`, NOW_MS, LEASE_MS, 8),
      ),
    );
    // Claims running at once skip each other's rows rather than wait: the rest come later.
    const rest = await third!.claimDue("late", NOW_MS, LEASE_MS, 100);
    const ids = [...claims.flat(), ...rest].map((claimed) => claimed.job.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(60);
  });

  it("tells one process's listeners of events another process wrote", async () => {
    const [reader, writer] = [await process(), await process()];
    let woken = 0;
    reader.onEvents(() => (woken += 1));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = woken;
    await writer.insert(tenantJob());
    await eventually(async () => (woken > before ? true : undefined), 5_000, "a notification from the other pool");
  });

  it("lets a reader polling while several processes write see every event once, in id order", async () => {
    const writers = [await process(), await process(), await process()];
    const reader = await process();
    const seen: number[] = [];
    const writing = new AbortController();
    const poll = (async () => {
      let afterId = 0;
      while (!writing.signal.aborted) {
        const page = await reader.listEvents({ tenantId: "tenant_a", afterId, limit: 100 });
        for (const event of page) seen.push(event.id);
        afterId = page.at(-1)?.id ?? afterId;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      for (;;) {
        const page = await reader.listEvents({ tenantId: "tenant_a", afterId, limit: 100 });
        if (page.length === 0) break;
        for (const event of page) seen.push(event.id);
        afterId = page.at(-1)?.id ?? afterId;
      }
    })();
    await Promise.all(
      writers.map(async (writer) => {
        for (let index = 0; index < 40; index++) await writer.insert(tenantJob());
      }),
    );
    writing.abort();
    await poll;
    expect(seen).toHaveLength(120);
    expect(seen).toEqual(seen.toSorted((left, right) => left - right));
    expect(new Set(seen).size).toBe(120);
  });
});
