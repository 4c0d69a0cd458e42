import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Database } from "better-sqlite3";
import { openSqliteDatabase } from "../db/sqlite-database.ts";
import { describePresetStoresContract } from "./item-store.contract.ts";
import { createSqlitePresetStores } from "./sqlite-item-store.ts";

describePresetStoresContract("SQLite", async () => {
  const directory = await mkdtemp(path.join(tmpdir(), "reelay-items-"));
  const connections: Database[] = [];
  return {
    async connect() {
      const db = openSqliteDatabase(path.join(directory, "reelay.db"));
      connections.push(db);
      return createSqlitePresetStores(db);
    },
    async cleanup() {
      for (const db of connections) db.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
});
