import type { DatabaseTarget } from "../config.ts";
import type { AppliedMigration } from "./migration-files.ts";

/** What `reelay migrate` reports: every migration the database has, and which of them ran now. */
export interface MigrationReport {
  engine: DatabaseTarget["kind"];
  migrations: AppliedMigration[];
  appliedNow: AppliedMigration[];
}

/**
 * Brings the database up to this version's schema, as every process does when it opens it, and
 * says what it found. Run before rolling out a new version so no instance migrates while serving.
 */
export async function migrateDatabase(target: DatabaseTarget, nowMs = Date.now()): Promise<MigrationReport> {
  let migrations: AppliedMigration[];
  if (target.kind === "postgres") {
    const { openPgDatabase } = await import("./pg-database.ts");
    const { listAppliedPgMigrations } = await import("./pg-migrations.ts");
    const pool = await openPgDatabase(target.url, { max: 1, applicationName: "reelay migrate" });
    try {
      migrations = await listAppliedPgMigrations(pool);
    } finally {
      await pool.end();
    }
  } else {
    const { openSqliteDatabase } = await import("./sqlite-database.ts");
    const { listAppliedSqliteMigrations } = await import("./sqlite-migrations.ts");
    const db = openSqliteDatabase(target.path);
    try {
      migrations = listAppliedSqliteMigrations(db);
    } finally {
      db.close();
    }
  }
  return {
    engine: target.kind,
    migrations,
    appliedNow: migrations.filter((migration) => migration.appliedAt >= nowMs),
  };
}
