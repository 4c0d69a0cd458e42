import { copyFile, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import type { Database } from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openSqliteDatabase } from "../db/sqlite-database.ts";
import { applySqliteMigrations, SQLITE_MIGRATIONS_DIRECTORY } from "../db/sqlite-migrations.ts";
import { createSqliteWebhookStore } from "./sqlite-webhook-store.ts";
import { describeWebhookStoreContract } from "./webhook-store.contract.ts";

describeWebhookStoreContract("SQLite", async () => {
  const directory = await mkdtemp(path.join(tmpdir(), "reelay-webhook-store-"));
  const file = path.join(directory, "reelay.db");
  const events = openSqliteDatabase(file);
  const appendEvent = events.prepare<[string, string, string, string, number]>(
    "INSERT INTO job_events (tenant_id, job_id, type, job, created_at) VALUES (?, ?, ?, ?, ?)",
  );
  const connections: Database[] = [events];
  return {
    async connect() {
      const db = openSqliteDatabase(file);
      connections.push(db);
      return createSqliteWebhookStore(db);
    },
    async appendJobEvent(event) {
      const written = appendEvent.run(
        event.tenantId,
        event.jobId,
        event.type,
        JSON.stringify(event.job),
        event.createdAt,
      );
      return Number(written.lastInsertRowid);
    },
    async cleanup() {
      for (const db of connections) db.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
});

describe("the SQLite webhook store", () => {
  it("starts its cursor after the job events written before webhooks existed", async () => {
    const directory = await mkdtemp(path.join(tmpdir(), "reelay-webhook-store-"));
    try {
      const older = path.join(directory, "older-migrations");
      await mkdir(older);
      for (const name of await readdir(SQLITE_MIGRATIONS_DIRECTORY)) {
        if (name < "0005") await copyFile(new URL(name, SQLITE_MIGRATIONS_DIRECTORY), path.join(older, name));
      }
      const upgraded = new BetterSqlite3(path.join(directory, "upgraded.db"));
      applySqliteMigrations(upgraded, { directory: pathToFileURL(`${older}/`) });
      const recordEvent = upgraded.prepare(
        "INSERT INTO job_events (tenant_id, job_id, type, job, created_at) VALUES ('tenant_a', 'job_old', 'done', '{}', 0)",
      );
      recordEvent.run();
      const last = recordEvent.run().lastInsertRowid;
      applySqliteMigrations(upgraded);
      const batch = await createSqliteWebhookStore(upgraded).readDispatchBatch(10);
      upgraded.close();
      expect(batch.events).toEqual([]);
      expect(batch.afterEventId).toBe(Number(last));
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
