import { readdirSync, readFileSync } from "node:fs";
import type { Database } from "better-sqlite3";

/**
 * The SQLite migrations folder. This module sits two levels below the package root both as source
 * (`src/jobs/`, under vitest and tsx) and compiled (`dist/jobs/`), so one relative URL finds the
 * published `migrations/sqlite` folder from either.
 */
export const SQLITE_MIGRATIONS_DIRECTORY = new URL("../../migrations/sqlite/", import.meta.url);

/** One numbered SQL file, e.g. `0001_jobs.sql` → version 1, name `jobs`. */
export interface SqliteMigration {
  version: number;
  name: string;
  sql: string;
}

/** A row of `schema_migrations`. */
export interface AppliedMigration {
  version: number;
  name: string;
  appliedAt: number;
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads the migration files of `directory`, ordered by version. */
export function readSqliteMigrations(directory: URL = SQLITE_MIGRATIONS_DIRECTORY): SqliteMigration[] {
  const migrations: SqliteMigration[] = [];
  for (const file of readdirSync(directory)) {
    if (!file.endsWith(".sql")) continue;
    const match = FILE_PATTERN.exec(file);
    // A .sql file that does not follow the naming scheme would be silently skipped forever; a
    // loud failure at startup is kinder.
    if (match === null) throw new Error(`Migration file ${file} is not named like 0001_name.sql.`);
    const version = Number(match[1]);
    if (migrations.some((migration) => migration.version === version)) {
      throw new Error(`Two migration files have version ${version}.`);
    }
    migrations.push({ version, name: match[2] ?? "", sql: readFileSync(new URL(file, directory), "utf8") });
  }
  return migrations.toSorted((left, right) => left.version - right.version);
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in version order, and records
 * them. Everything runs in one IMMEDIATE transaction: two processes opening the same file at once
 * serialize on the write lock, and the second one sees the first one's rows and applies nothing.
 * A failing migration rolls back all of them. Returns the migrations applied now.
 */
export function applySqliteMigrations(
  db: Database,
  options: { directory?: URL; nowMs?: number } = {},
): AppliedMigration[] {
  const migrations = readSqliteMigrations(options.directory);
  const appliedAt = options.nowMs ?? Date.now();
  const run = db.transaction((): AppliedMigration[] => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY NOT NULL,
      name TEXT NOT NULL,
      applied_at INTEGER NOT NULL
    ) STRICT`);
    const done = new Set(
      db
        .prepare("SELECT version FROM schema_migrations")
        .pluck()
        .all()
        .map((version) => Number(version)),
    );
    // A database migrated by a newer Reelay may have columns this code would misuse: refuse it
    // rather than corrupt it.
    const known = new Set(migrations.map((migration) => migration.version));
    const unknown = [...done].filter((version) => !known.has(version));
    if (unknown.length > 0) {
      throw new Error(
        `The database has migrations this version of Reelay does not know (${unknown.join(", ")}); upgrade Reelay.`,
      );
    }
    const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
    const applied: AppliedMigration[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, appliedAt);
      applied.push({ version: migration.version, name: migration.name, appliedAt });
    }
    return applied;
  });
  return run.immediate();
}

/** The rows of `schema_migrations`, oldest first (for diagnostics and tests). */
export function listAppliedSqliteMigrations(db: Database): AppliedMigration[] {
  const rows = db
    .prepare("SELECT version, name, applied_at AS appliedAt FROM schema_migrations ORDER BY version")
    .all() as AppliedMigration[];
  return rows;
}
