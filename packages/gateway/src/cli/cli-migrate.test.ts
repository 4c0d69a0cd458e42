import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPgDatabase, type TestPgDatabase } from "../db/test-support/pg-test-database.ts";
import type { MigrationReport } from "../db/migrate-database.ts";
import { readMigrations } from "../db/migration-files.ts";
import { PG_MIGRATIONS_DIRECTORY } from "../db/pg-migrations.ts";
import { readSqliteMigrations } from "../db/sqlite-migrations.ts";
import { expectBuiltCli, runReelay } from "./test-support/run-reelay.ts";

describe("reelay migrate", () => {
  let dataDir: string;
  let database: TestPgDatabase;
  beforeAll(async () => {
    expectBuiltCli();
    dataDir = await mkdtemp(path.join(tmpdir(), "reelay-migrate-"));
    database = await createTestPgDatabase();
  });
  afterAll(async () => {
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("migrates the SQLite file of the data dir, then finds it up to date", async () => {
    const versions = readSqliteMigrations().map((migration) => migration.version);
    const first = await runReelay(["migrate", "--data-dir", dataDir], dataDir);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      `applied ${versions.length} migration(s) to ${path.join(dataDir, "reelay.db")}; schema version ${versions.at(-1)}`,
    );
    const again = await runReelay(["--json", "migrate", "--data-dir", dataDir], dataDir);
    const report = JSON.parse(again.stdout) as MigrationReport;
    expect(report).toMatchObject({ engine: "sqlite", appliedNow: [] });
    expect(report.migrations.map((migration) => migration.version)).toEqual(versions);
  });

  it("migrates the PostgreSQL database of REELAY_DATABASE_URL without printing its address", async () => {
    const versions = readMigrations(PG_MIGRATIONS_DIRECTORY).map((migration) => migration.version);
    const environment = { REELAY_DATABASE_URL: database.url };
    const first = await runReelay(["migrate"], dataDir, environment);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`applied ${versions.length} migration(s) to PostgreSQL`);
    expect(first.stdout + first.stderr).not.toContain(database.schema);
    const again = await runReelay(["migrate"], dataDir, environment);
    expect(again.stdout).toContain(`PostgreSQL is up to date; schema version ${versions.at(-1)}`);
  });

  it("says what is wrong with a database URL that cannot be reached", async () => {
    const result = await runReelay(["migrate"], dataDir, {
      REELAY_DATABASE_URL: "postgres://nobody:hunter2@127.0.0.1:1/none",
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^reelay: Cannot open the PostgreSQL database 127.0.0.1:1\/none: .*ECONNREFUSED/m);
    expect(result.stderr).not.toContain("nobody");
  });
});
