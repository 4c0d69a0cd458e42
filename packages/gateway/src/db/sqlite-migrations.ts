import type { Database } from "better-sqlite3";
import { pendingMigrations, readMigrations, type AppliedMigration, type Migration } from "./migration-files.ts";

export type { AppliedMigration };

/**
 * The SQLite migrations folder. This module sits two levels below the package root both as source
 * (`src/jobs/`, under vitest and tsx) and compiled (`dist/jobs/`), so one relative URL finds the
 * published `migrations/sqlite` folder from either.
 */
export const SQLITE_MIGRATIONS_DIRECTORY = new URL("../../migrations/sqlite/", import.meta.url);

/** Reads the SQLite migration files, ordered by version. */
export function readSqliteMigrations(directory: URL = SQLITE_MIGRATIONS_DIRECTORY): Migration[] {
  return readMigrations(directory);
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
    const pending = pendingMigrations(migrations, done);
    const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
    const applied: AppliedMigration[] = [];
    for (const migration of pending) {
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
