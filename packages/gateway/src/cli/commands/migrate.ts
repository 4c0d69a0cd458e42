import type { Command } from "commander";
import { loadConfig } from "../../config.ts";
import type { GlobalOptions } from "../command-context.ts";

/** `2026-12-07T10:44:10.000Z 0001_schema` */
const line = (migration: { version: number; name: string; appliedAt: number }) =>
  `${new Date(migration.appliedAt).toISOString()}  ${String(migration.version).padStart(4, "0")}_${migration.name}`;

export function registerMigrate(program: Command): void {
  program
    .command("migrate")
    .description("Bring the database (REELAY_DATABASE_URL, or the SQLite file in the data dir) up to this version")
    .option("-d, --data-dir <dir>", "the server's data dir, for its SQLite file (REELAY_DATA_DIR, default ./data)")
    .action(async (options: { dataDir?: string }, command: Command) => {
      const config = loadConfig(process.env, { REELAY_DATA_DIR: options.dataDir });
      if (config.database.kind === "sqlite") {
        const { mkdir } = await import("node:fs/promises");
        const path = await import("node:path");
        await mkdir(path.dirname(config.database.path), { recursive: true });
      }
      const { migrateDatabase } = await import("../../db/migrate-database.ts");
      const report = await migrateDatabase(config.database);
      if (command.optsWithGlobals<GlobalOptions>().json === true) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const where = config.database.kind === "sqlite" ? config.database.path : "PostgreSQL";
      const latest = report.migrations.at(-1);
      const summary =
        report.appliedNow.length === 0
          ? `${where} is up to date`
          : `applied ${report.appliedNow.length} migration(s) to ${where}`;
      process.stdout.write(
        `${summary}; schema version ${latest?.version ?? 0}\n${report.migrations.map(line).join("\n")}\n`,
      );
    });
}
