import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { describeJobStoreContract } from "./job-store.contract.ts";
import type { JobStore } from "./job-store.ts";
import { openSqliteDatabase } from "../db/sqlite-database.ts";
import { openSqliteJobStore } from "./sqlite-job-store.ts";
import {
  SQLITE_MIGRATIONS_DIRECTORY,
  applySqliteMigrations,
  listAppliedSqliteMigrations,
  readSqliteMigrations,
} from "../db/sqlite-migrations.ts";
import { LEASE_MS, NOW_MS, TENANT_A, insertAndClaim, tenantJob } from "./test-support/job-store-harness.ts";

async function makeTempDirectory(): Promise<string> {
  return mkdtemp(join(tmpdir(), "reelay-sqlite-jobs-"));
}

describeJobStoreContract("SQLite", async () => {
  const directory = await makeTempDirectory();
  const store = openSqliteJobStore(join(directory, "reelay.db"));
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
});

describe("SQLite job store", () => {
  let directory: string;
  let path: string;
  const opened: JobStore[] = [];
  /** Opens a store on the test's file and closes it after the test, like a separate process would. */
  const open = () => {
    const store = openSqliteJobStore(path);
    opened.push(store);
    return store;
  };

  beforeEach(async () => {
    directory = await makeTempDirectory();
    path = join(directory, "reelay.db");
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  it("finds the migrations folder of the package", async () => {
    const directoryPath = fileURLToPath(SQLITE_MIGRATIONS_DIRECTORY);
    expect(directoryPath.endsWith(join("gateway", "migrations", "sqlite") + "/")).toBe(true);
    expect(await readdir(directoryPath)).toContain("0001_jobs.sql");
    expect(readSqliteMigrations()[0]).toMatchObject({ version: 1, name: "jobs" });
  });

  it("applies the migrations once and records them", async () => {
    await open().close();
    const db = new BetterSqlite3(path);
    try {
      const first = listAppliedSqliteMigrations(db);
      expect(first.map(({ version, name }) => ({ version, name }))).toEqual(
        readSqliteMigrations().map(({ version, name }) => ({ version, name })),
      );
      expect(first.every((row) => Number.isInteger(row.appliedAt) && row.appliedAt > 0)).toBe(true);
      expect(applySqliteMigrations(db)).toEqual([]);
      await open().close();
      expect(listAppliedSqliteMigrations(db)).toEqual(first);
    } finally {
      db.close();
    }
  });

  it("refuses a database migrated by a newer version", () => {
    openSqliteDatabase(path).close();
    const db = new BetterSqlite3(path);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 1)").run();
    db.close();
    expect(() => openSqliteDatabase(path)).toThrow(/does not know \(9999\)/);
  });

  it("rolls back every migration of a run when one fails", async () => {
    const migrations = await makeTempDirectory();
    try {
      await writeFile(join(migrations, "0001_good.sql"), "CREATE TABLE good (id INTEGER PRIMARY KEY);");
      await writeFile(join(migrations, "0002_bad.sql"), "CREATE TABLE broken (;");
      const db = new BetterSqlite3(":memory:");
      const url = pathToFileURL(`${migrations}/`);
      expect(() => applySqliteMigrations(db, { directory: url })).toThrow();
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name IN ('good', 'schema_migrations')").all()).toEqual(
        [],
      );
      db.close();
    } finally {
      await rm(migrations, { recursive: true, force: true });
    }
  });

  it("uses WAL, NORMAL sync, a busy timeout and foreign keys", () => {
    const db = openSqliteDatabase(path);
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.pragma("synchronous", { simple: true })).toBe(2);
      expect(db.pragma("busy_timeout", { simple: true })).toBeGreaterThan(0);
      expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });

  it("keeps jobs across close and reopen", async () => {
    const first = open();
    const job = tenantJob({ idempotencyKey: "keep", providerTask: { id: "t" }, progress: 0.5 });
    await first.insert(job);
    await first.close();
    const second = open();
    expect(await second.get(TENANT_A, job.id)).toStrictEqual(job);
    expect((await second.insert(tenantJob({ idempotencyKey: "keep" }))).inserted).toBe(false);
  });

  it("does not let a second connection claim a job the first one leased", async () => {
    const first = open();
    const second = open();
    const claimed = await insertAndClaim(first, tenantJob());
    expect(await second.claimDue("worker-2", NOW_MS, LEASE_MS, 10)).toEqual([]);
    expect(await second.update(claimed.job.id, "guess", { attempts: 9 }, { nowMs: NOW_MS, release: true })).toBeNull();
    // Once the lease has expired the other connection may take over, and the first loses it.
    const [taken] = await second.claimDue("worker-2", NOW_MS + LEASE_MS, LEASE_MS, 10);
    expect(taken?.job.id).toBe(claimed.job.id);
    expect(
      await first.update(claimed.job.id, claimed.leaseToken, { attempts: 1 }, { nowMs: NOW_MS, release: true }),
    ).toBeNull();
  });

  it("dedupes an idempotency key across connections", async () => {
    const first = open();
    const second = open();
    const one = await first.insert(tenantJob({ idempotencyKey: "shared" }));
    const two = await second.insert(tenantJob({ idempotencyKey: "shared" }));
    expect(one.inserted).toBe(true);
    expect(two).toStrictEqual({ inserted: false, job: one.job });
  });

  it("uses the partial indexes for claiming and listing", () => {
    const db = openSqliteDatabase(path);
    try {
      const plan = (sql: string) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail).join("\n");
      expect(
        plan(`SELECT id FROM jobs WHERE status IN ('queued', 'running') AND next_run_at <= 1
              AND (lease_expires_at IS NULL OR lease_expires_at <= 1) ORDER BY next_run_at, id LIMIT 5`),
      ).toContain("jobs_due");
      expect(plan("SELECT * FROM jobs WHERE tenant_id = 'a' AND id < 'x' ORDER BY id DESC LIMIT 5")).toContain(
        "jobs_tenant_id",
      );
    } finally {
      db.close();
    }
  });

  it("rejects calls after close", async () => {
    const store = open();
    await store.close();
    await expect(store.get(TENANT_A, "job_x")).rejects.toThrow();
    expect(existsSync(path)).toBe(true);
  });
});
