import path from "node:path";
import { ConfigError, type Config } from "./config.ts";

/**
 * `REELAY_DATABASE_URL` → SQLite file path, `<data dir>/reelay.db` when unset. The server and the
 * admin commands that open its database directly (`reelay keys`) both ask here, so they agree on
 * the file. PostgreSQL support is a later addition.
 */
export function sqlitePath(config: Pick<Config, "dataDir" | "databaseUrl">): string {
  const url = config.databaseUrl;
  if (url === undefined) return path.join(config.dataDir, "reelay.db");
  if (/^postgres(ql)?:/i.test(url)) {
    throw new ConfigError(
      "REELAY_DATABASE_URL: PostgreSQL is not supported by this version yet; leave it unset to use SQLite.",
    );
  }
  return path.resolve(url.replace(/^sqlite:(\/\/)?/i, ""));
}
