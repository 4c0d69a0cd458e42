import { existsSync } from "node:fs";
import type { DatabaseTarget } from "../config.ts";
import { readMigrations, type AppliedMigration, type Migration } from "./migration-files.ts";

/** What a database holds of this version's schema, found without changing anything. */
export interface MigrationStatus {
  engine: DatabaseTarget["kind"];
  /** The SQLite file, or `host:port/database` (never the user or password). */
  location: string;
  /** False when the SQLite file is not there yet (PostgreSQL databases always exist once reached). */
  exists: boolean;
  /** The PostgreSQL server's version; null on SQLite. */
  serverVersion: string | null;
  applied: AppliedMigration[];
  /** This version's migrations the database does not have yet, in order. */
  pending: Array<Pick<Migration, "version" | "name">>;
  /** Versions the database has that this version of Reelay does not know: a newer Reelay migrated it. */
  unknown: number[];
}

/** How long a PostgreSQL connection may take before the database counts as unreachable. */
const PG_CONNECT_TIMEOUT_MS = 10_000;

function compare(
  target: DatabaseTarget,
  location: string,
  applied: AppliedMigration[],
  serverVersion: string | null,
  known: Migration[],
): MigrationStatus {
  const have = new Set(applied.map((migration) => migration.version));
  const versions = new Set(known.map((migration) => migration.version));
  return {
    engine: target.kind,
    location,
    exists: true,
    serverVersion,
    applied,
    pending: known.filter((migration) => !have.has(migration.version)).map(({ version, name }) => ({ version, name })),
    unknown: [...have].filter((version) => !versions.has(version)),
  };
}

async function sqliteStatus(target: { kind: "sqlite"; path: string }): Promise<MigrationStatus> {
  const { readSqliteMigrations } = await import("./sqlite-migrations.ts");
  const known = readSqliteMigrations();
  if (!existsSync(target.path)) {
    const pending = known.map(({ version, name }) => ({ version, name }));
    return {
      engine: "sqlite",
      location: target.path,
      exists: false,
      serverVersion: null,
      applied: [],
      pending,
      unknown: [],
    };
  }
  const { default: BetterSqlite3 } = await import("better-sqlite3");
  const { SQLITE_BUSY_TIMEOUT_MS } = await import("./sqlite-database.ts");
  // Read-only: a file that is not a Reelay database (or a directory) fails here instead of being changed.
  const db = new BetterSqlite3(target.path, { readonly: true, fileMustExist: true });
  try {
    db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    const applied =
      table === undefined
        ? []
        : (db
            .prepare("SELECT version, name, applied_at AS appliedAt FROM schema_migrations ORDER BY version")
            .all() as AppliedMigration[]);
    return compare(target, target.path, applied, null, known);
  } finally {
    db.close();
  }
}

async function pgStatus(target: { kind: "postgres"; url: string }): Promise<MigrationStatus> {
  const [{ default: pg }, { describePgUrl }, { PG_MIGRATIONS_DIRECTORY }] = await Promise.all([
    import("pg"),
    import("./pg-database.ts"),
    import("./pg-migrations.ts"),
  ]);
  const location = describePgUrl(target.url);
  // A plain client, not `openPgDatabase`: that one applies pending migrations.
  const client = new pg.Client({
    connectionString: target.url,
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
    application_name: "reelay doctor",
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    const version = await client.query<{ server_version: string }>("SHOW server_version");
    // `to_regclass` follows the connection's search_path, as Reelay's own queries do.
    const table = await client.query<{ present: boolean }>(
      "SELECT to_regclass('schema_migrations') IS NOT NULL AS present",
    );
    const applied = table.rows[0]?.present
      ? (
          await client.query<AppliedMigration>(
            'SELECT version, name, applied_at::float8 AS "appliedAt" FROM schema_migrations ORDER BY version',
          )
        ).rows
      : [];
    return compare(
      target,
      location,
      applied,
      version.rows[0]?.server_version ?? null,
      readMigrations(PG_MIGRATIONS_DIRECTORY),
    );
  } catch (error) {
    throw new Error(
      `Cannot reach the PostgreSQL database ${location}: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Reads which migrations `target` has and which of this version's are pending, creating and
 * applying nothing (unlike opening the stores, which migrates): for `reelay doctor`.
 */
export function readMigrationStatus(target: DatabaseTarget): Promise<MigrationStatus> {
  return target.kind === "postgres" ? pgStatus(target) : sqliteStatus(target);
}
