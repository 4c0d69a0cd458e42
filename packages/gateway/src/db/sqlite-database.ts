import BetterSqlite3 from "better-sqlite3";
import type { Database } from "better-sqlite3";
import { applySqliteMigrations } from "./sqlite-migrations.ts";

/** How long a connection waits for another connection's write lock before failing. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating if needed) the SQLite file at `path`, configured for Reelay, with every pending
 * migration applied. Several connections, in one process or several, may share the file.
 */
export function openSqliteDatabase(path: string): Database {
  const db = new BetterSqlite3(path);
  try {
    // Another connection holding a lock makes us wait instead of failing at once. Set first: the
    // switch to WAL below needs a lock too when another process opens the file at the same time.
    db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    // WAL lets readers (HTTP requests) run while a worker writes. It is a property of the file, so
    // the first connection sets it for all.
    db.pragma("journal_mode = WAL");
    // FULL fsyncs every commit. NORMAL could lose the last commits on an OS crash or power loss,
    // and losing a `submittingSince` mark could let a create be sent twice (DESIGN.md §5.1).
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    applySqliteMigrations(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
