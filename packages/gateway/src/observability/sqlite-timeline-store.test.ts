import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Database } from "better-sqlite3";
import { openSqliteDatabase } from "../db/sqlite-database.ts";
import { createSqliteJobStore } from "../jobs/sqlite-job-store.ts";
import { createSqliteTimelineStore } from "./sqlite-timeline-store.ts";
import { describeTimelineStoreContract } from "./timeline-store.contract.ts";

describeTimelineStoreContract("SQLite", async () => {
  const directory = await mkdtemp(path.join(tmpdir(), "reelay-timeline-"));
  const connections: Database[] = [];
  return {
    async connect() {
      const db = openSqliteDatabase(path.join(directory, "reelay.db"));
      connections.push(db);
      return { jobs: createSqliteJobStore(db), timeline: createSqliteTimelineStore(db) };
    },
    async cleanup() {
      for (const db of connections) db.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
});
