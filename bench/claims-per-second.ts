/**
 * Jobs claimed per second by 1, 2 and 4 workers on SQLite and on PostgreSQL, each worker with its
 * own connection (as separate processes have), all claiming from one queue of due jobs until it is
 * empty. Prints absolute rates and, per engine, the ratio to one worker; and PostgreSQL to SQLite.
 *
 *   npm run bench:claims     (PostgreSQL at REELAY_TEST_DATABASE_URL, default this machine's)
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openPgDatabase } from "../packages/gateway/src/db/pg-database.ts";
import { createTestPgDatabase } from "../packages/gateway/src/db/test-support/pg-test-database.ts";
import type { JobStore } from "../packages/gateway/src/jobs/job-store.ts";
import { createPgJobStore } from "../packages/gateway/src/jobs/pg-job-store.ts";
import { openSqliteJobStore } from "../packages/gateway/src/jobs/sqlite-job-store.ts";
import { makeJobRecord, TEST_EPOCH_MS } from "../packages/gateway/src/jobs/test-support/make-job-record.ts";

const JOBS = 3_000;
const CLAIM_BATCH = 8;
const WORKER_COUNTS = [1, 2, 4];
const NOW_MS = TEST_EPOCH_MS + 60_000;

interface Engine {
  name: string;
  /** A store on a connection of its own; `close` ends it. */
  open(): Promise<JobStore>;
  dispose(): Promise<void>;
}

async function sqliteEngine(): Promise<Engine> {
  const directory = await mkdtemp(path.join(tmpdir(), "reelay-bench-claims-"));
  const file = path.join(directory, "reelay.db");
  return {
    name: "SQLite",
    open: async () => openSqliteJobStore(file),
    dispose: () => rm(directory, { recursive: true, force: true }),
  };
}

async function pgEngine(): Promise<Engine> {
  const database = await createTestPgDatabase();
  const pools: Array<{ end(): Promise<void> }> = [];
  return {
    name: "PostgreSQL",
    async open() {
      const pool = await openPgDatabase(database.url, { max: 2 });
      pools.push(pool);
      const store = createPgJobStore(pool);
      return {
        ...store,
        async close() {
          await store.close();
          await pool.end();
        },
      };
    },
    async dispose() {
      await database.drop();
    },
  };
}

/** Claims per second of `workers` workers emptying a queue of `JOBS` due jobs. */
async function measure(engine: Engine, workers: number): Promise<number> {
  const stores = await Promise.all(Array.from({ length: workers }, () => engine.open()));
  const [first] = stores;
  if (first === undefined) throw new Error("no store");
  for (let index = 0; index < JOBS; index++) {
    await first.insert(makeJobRecord({ tenantId: `bench-${workers}`, createdAt: TEST_EPOCH_MS + index }));
  }
  const startedAt = performance.now();
  const counts = await Promise.all(
    stores.map(async (store, worker) => {
      let claimed = 0;
      for (;;) {
        const batch = await store.claimDue(`worker-${worker}`, NOW_MS, 600_000, CLAIM_BATCH);
        if (batch.length === 0) return claimed;
        claimed += batch.length;
      }
    }),
  );
  const seconds = (performance.now() - startedAt) / 1000;
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total !== JOBS) throw new Error(`${engine.name}: ${total} claims for ${JOBS} jobs`);
  for (const store of stores) await store.close();
  return total / seconds;
}

const rates = new Map<string, Map<number, number>>();
for (const make of [sqliteEngine, pgEngine]) {
  const engine = await make();
  const byWorkers = new Map<number, number>();
  try {
    for (const workers of WORKER_COUNTS) byWorkers.set(workers, await measure(engine, workers));
  } finally {
    await engine.dispose();
  }
  rates.set(engine.name, byWorkers);
}

const lines = [
  `Jobs claimed per second (${JOBS} due jobs, batches of ${CLAIM_BATCH}, one connection per worker)`,
  "",
  "| engine | " + WORKER_COUNTS.map((count) => `${count} worker${count === 1 ? "" : "s"}`).join(" | ") + " |",
  "|---|" + WORKER_COUNTS.map(() => "---").join("|") + "|",
];
for (const [name, byWorkers] of rates) {
  const one = byWorkers.get(1) ?? 1;
  const cells = WORKER_COUNTS.map((count) => {
    const rate = byWorkers.get(count) ?? 0;
    return `${rate.toFixed(0)}/s (×${(rate / one).toFixed(2)})`;
  });
  lines.push(`| ${name} | ${cells.join(" | ")} |`);
}
const sqlite = rates.get("SQLite");
const pg = rates.get("PostgreSQL");
lines.push(
  "",
  `PostgreSQL / SQLite: ${WORKER_COUNTS.map((count) => `${count}w ×${((pg?.get(count) ?? 0) / (sqlite?.get(count) ?? 1)).toFixed(2)}`).join(", ")}`,
);
process.stdout.write(`${lines.join("\n")}\n`);
