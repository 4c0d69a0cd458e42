import { readdirSync, readFileSync } from "node:fs";

/** One numbered SQL file, e.g. `0001_jobs.sql` → version 1, name `jobs`. */
export interface Migration {
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
export function readMigrations(directory: URL): Migration[] {
  const migrations: Migration[] = [];
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
 * The migrations of `migrations` not among the `applied` versions. A database migrated by a newer
 * Reelay may have columns this code would misuse: it is refused rather than corrupted.
 */
export function pendingMigrations(migrations: readonly Migration[], applied: ReadonlySet<number>): Migration[] {
  const known = new Set(migrations.map((migration) => migration.version));
  const unknown = [...applied].filter((version) => !known.has(version));
  if (unknown.length > 0) {
    throw new Error(
      `The database has migrations this version of Reelay does not know (${unknown.join(", ")}); upgrade Reelay.`,
    );
  }
  return migrations.filter((migration) => !applied.has(migration.version));
}
