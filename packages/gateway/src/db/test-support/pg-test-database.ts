import { randomBytes } from "node:crypto";
import pg from "pg";
import { openPgDatabase, type PgPool } from "../pg-database.ts";

/**
 * The PostgreSQL server tests use: this machine's (and CI's), trust auth. Override with
 * REELAY_TEST_DATABASE_URL.
 */
export const TEST_PG_SERVER_URL = process.env.REELAY_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface TestPgDatabase {
  /** A URL whose connections see only this database's own schema. */
  url: string;
  schema: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/**
 * A fresh, empty schema on the test server, so test files running at once never see each other's
 * rows; `url` selects it with `search_path`. Nothing is migrated: opening a store does that.
 */
export async function createTestPgDatabase(): Promise<TestPgDatabase> {
  const schema = `reelay_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE SCHEMA ${schema}`);
  const url = new URL(TEST_PG_SERVER_URL);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    drop: () => adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`),
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A store harness on a fresh test schema: each `connect` opens a pool of its own, as another process would. */
export interface PgStoreHarness<T> {
  connect(): Promise<T>;
  cleanup(): Promise<void>;
}

/** What contract suites open: `make` builds the store on each new pool; cleanup ends the pools and drops the schema. */
export async function pgStoreHarness<T>(make: (pool: PgPool) => T): Promise<PgStoreHarness<T>> {
  const database = await createTestPgDatabase();
  const pools: PgPool[] = [];
  return {
    async connect() {
      const pool = await openPgDatabase(database.url, { max: 4 });
      pools.push(pool);
      return make(pool);
    },
    async cleanup() {
      await Promise.all(pools.map((pool) => pool.end()));
      await database.drop();
    },
  };
}
