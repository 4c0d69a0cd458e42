import pg from "pg";
import { applyPgMigrations } from "./pg-migrations.ts";

/** A pool of connections to Reelay's PostgreSQL database; every store of one process shares it. */
export type PgPool = pg.Pool;
/** One connection taken from the pool, e.g. for a transaction. */
export type PgClient = pg.PoolClient;
/** Anything that runs a query: the pool itself, or a client inside a transaction. */
export type PgQueryable = Pick<pg.Pool, "query">;

const INT8_OID = 20;

/**
 * Reelay's times and counts are BIGINT; pg hands them out as strings by default (they may exceed
 * 2^53). Milliseconds since the epoch and row counts never do, so they are read as numbers.
 */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID && format !== "binary"
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? "text")) as typeof pg.types.getTypeParser,
};

export interface PgPoolOptions {
  /** Most connections the pool opens (pg's default: 10). */
  max?: number;
  /** Shown in `pg_stat_activity`. */
  applicationName?: string;
}

/**
 * Opens a pool on the database at `url` (`postgres://user:password@host:port/database`, with any
 * libpq parameters pg understands, e.g. `?options=-c search_path=reelay`) and applies every
 * pending migration. Several processes may do so at once: migrations serialize on a lock.
 */
export async function openPgDatabase(url: string, options: PgPoolOptions = {}): Promise<PgPool> {
  const pool = new pg.Pool({
    connectionString: url,
    types,
    max: options.max ?? 10,
    application_name: options.applicationName ?? "reelay",
  });
  // An idle connection that breaks (the server restarted) is dropped by the pool; without a
  // listener the error would end the process.
  pool.on("error", () => undefined);
  try {
    await applyPgMigrations(pool);
    return pool;
  } catch (error) {
    await pool.end();
    throw new Error(
      `Cannot open the PostgreSQL database ${describePgUrl(url)}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/** `host:port/database`, to name a database in messages without its user or password. */
export function describePgUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
}

/**
 * Runs `work` in one transaction on one connection: committed when it resolves, rolled back when
 * it throws (and the error passed on).
 */
export async function inPgTransaction<T>(pool: PgPool, work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
