import { inPgTransaction, type PgPool } from "./pg-database.ts";
import { takePgLock } from "./pg-locks.ts";
import { pendingMigrations, readMigrations, type AppliedMigration } from "./migration-files.ts";

/** The PostgreSQL migrations folder, found from `src/db/` and `dist/db/` alike. */
export const PG_MIGRATIONS_DIRECTORY = new URL("../../migrations/postgres/", import.meta.url);

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in version order, and records
 * them, all in one transaction under the migrations lock: processes starting together serialize,
 * and the later ones find nothing left to do. A failing migration rolls back all of them. Returns
 * the migrations applied now.
 */
export async function applyPgMigrations(
  pool: PgPool,
  options: { directory?: URL; nowMs?: number } = {},
): Promise<AppliedMigration[]> {
  const migrations = readMigrations(options.directory ?? PG_MIGRATIONS_DIRECTORY);
  const appliedAt = options.nowMs ?? Date.now();
  return inPgTransaction(pool, async (client) => {
    await takePgLock(client, "migrations");
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at BIGINT NOT NULL
    )`);
    const done = await client.query<{ version: number }>("SELECT version FROM schema_migrations");
    const applied: AppliedMigration[] = [];
    for (const migration of pendingMigrations(migrations, new Set(done.rows.map((row) => row.version)))) {
      await client.query(migration.sql);
      await client.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [
        migration.version,
        migration.name,
        appliedAt,
      ]);
      applied.push({ version: migration.version, name: migration.name, appliedAt });
    }
    return applied;
  });
}

/** The rows of `schema_migrations`, oldest first (for `reelay migrate` and tests). */
export async function listAppliedPgMigrations(pool: PgPool): Promise<AppliedMigration[]> {
  const result = await pool.query<AppliedMigration>(
    'SELECT version, name, applied_at AS "appliedAt" FROM schema_migrations ORDER BY version',
  );
  return result.rows;
}
