import type { Config } from "../../config.ts";
import { readMigrationStatus, type MigrationStatus } from "../../db/migration-status.ts";
import { failed, passed, skipped, type DoctorCheck } from "./doctor-check.ts";

const NAME = "database";

/** `0001_schema, 0002_x` — or the first and last of a long list. */
function migrationNames(migrations: MigrationStatus["pending"]): string {
  const names = migrations.map((migration) => `${String(migration.version).padStart(4, "0")}_${migration.name}`);
  return names.length <= 4 ? names.join(", ") : `${names[0]} … ${names.at(-1)}`;
}

/**
 * Whether the database can be reached and has this version's schema. It is only read: a missing
 * SQLite file is not created and pending migrations are not applied (`reelay migrate` does both).
 */
export async function checkDatabase(config: Config): Promise<DoctorCheck> {
  const status = await readMigrationStatus(config.database);
  const where = status.engine === "sqlite" ? `SQLite ${status.location}` : `PostgreSQL ${status.location}`;
  // A fresh install has no database file until its first start, and that is no fault.
  if (!status.exists) {
    return skipped(NAME, `${where} does not exist yet; \`reelay serve\` (or \`reelay migrate\`) creates it.`);
  }
  const server = status.serverVersion === null ? "" : ` (server ${status.serverVersion})`;
  if (status.unknown.length > 0) {
    return failed(
      NAME,
      `${where}${server} has migrations this version of Reelay does not know (${status.unknown.join(", ")}); a newer Reelay migrated it, so upgrade this one.`,
    );
  }
  const version = status.applied.at(-1)?.version ?? 0;
  if (status.pending.length > 0) {
    return failed(
      NAME,
      `${where}${server} is reachable at schema version ${version}, with ${status.pending.length} migration(s) pending (${migrationNames(status.pending)}); run \`reelay migrate\`.`,
    );
  }
  return passed(NAME, `${where}${server} is reachable, schema version ${version}, up to date.`);
}
