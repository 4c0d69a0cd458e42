import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { openPgDatabase, type PgPool } from "./pg-database.ts";
import { applyPgMigrations, listAppliedPgMigrations, PG_MIGRATIONS_DIRECTORY } from "./pg-migrations.ts";
import { readMigrations } from "./migration-files.ts";
import { createTestPgDatabase, type TestPgDatabase } from "./test-support/pg-test-database.ts";

describe("PostgreSQL migrations", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).toReversed()) await cleanup();
  });
  const database = async (): Promise<TestPgDatabase> => {
    const created = await createTestPgDatabase();
    cleanups.push(created.drop);
    return created;
  };
  const open = async (url: string): Promise<PgPool> => {
    const pool = await openPgDatabase(url, { max: 2 });
    cleanups.push(() => pool.end());
    return pool;
  };

  it("applies every migration once, even when processes open the database together", async () => {
    const { url } = await database();
    const pools = await Promise.all([open(url), open(url), open(url)]);
    const applied = await listAppliedPgMigrations(pools[0]!);
    expect(applied.map(({ version, name }) => ({ version, name }))).toEqual(
      readMigrations(PG_MIGRATIONS_DIRECTORY).map(({ version, name }) => ({ version, name })),
    );
    expect(await applyPgMigrations(pools[1]!)).toEqual([]);
    const tables = await pools[2]!.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name",
    );
    expect(tables.rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(["jobs", "job_events", "uploads", "tenants", "api_keys", "webhook_deliveries"]),
    );
  });

  it("reads BIGINT columns as numbers", async () => {
    const pool = await open((await database()).url);
    const result = await pool.query<{ at: number }>("SELECT 1796640715122::bigint AS at");
    expect(result.rows[0]?.at).toBe(1_796_640_715_122);
  });

  it("rolls back every migration of a run when one fails, and refuses a database from a newer Reelay", async () => {
    // A pool that has applied nothing yet: the test's own folder comes first.
    const pool = new pg.Pool({ connectionString: (await database()).url, max: 2 });
    cleanups.push(() => pool.end());
    const directory = await mkdtemp(path.join(tmpdir(), "reelay-pg-migrations-"));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    const folder = pathToFileURL(`${directory}/`);
    await writeFile(path.join(directory, "0001_table.sql"), "CREATE TABLE extra_one (id INTEGER);");
    await writeFile(path.join(directory, "0002_broken.sql"), "CREATE TABLE extra_two (id INTEGER;");
    // 0002 fails: 0001's table may not remain.
    await expect(applyPgMigrations(pool, { directory: folder })).rejects.toThrow(/syntax error/);
    const extra = await pool.query(
      "SELECT 1 FROM information_schema.tables WHERE table_name = 'extra_one' AND table_schema = current_schema()",
    );
    expect(extra.rowCount).toBe(0);

    await rm(path.join(directory, "0002_broken.sql"));
    await writeFile(path.join(directory, "0099_future.sql"), "SELECT 1;");
    expect((await applyPgMigrations(pool, { directory: folder })).map((migration) => migration.version)).toEqual([
      1, 99,
    ]);
    await expect(applyPgMigrations(pool)).rejects.toThrow(/does not know \(99\); upgrade Reelay/);
  });
});
