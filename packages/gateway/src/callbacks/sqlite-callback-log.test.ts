import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Database } from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteDatabase } from "../db/sqlite-database.ts";
import type { CallbackLog } from "./callback-log.ts";
import { createSqliteCallbackLog } from "./sqlite-callback-log.ts";

describe("SQLite callback log", () => {
  let dir: string;
  let db: Database;
  let log: CallbackLog;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "reelay-callback-log-"));
    db = openSqliteDatabase(path.join(dir, "reelay.db"));
    log = createSqliteCallbackLog(db);
  });
  afterEach(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("knows a message the second time, per provider", async () => {
    expect(await log.remember("pollo", "msg_1", 1_000, 0)).toBe(true);
    expect(await log.remember("pollo", "msg_1", 2_000, 0)).toBe(false);
    expect(await log.remember("vidu", "msg_1", 2_000, 0)).toBe(true);
  });

  it("forgets messages received before the given time, and only those", async () => {
    await log.remember("pollo", "old", 1_000, 0);
    await log.remember("pollo", "recent", 5_000, 0);
    await log.remember("pollo", "new", 9_000, 4_000);
    const left = db.prepare("SELECT message_id FROM provider_callbacks ORDER BY received_at").pluck().all();
    expect(left).toEqual(["recent", "new"]);
    expect(await log.remember("pollo", "recent", 9_500, 4_000)).toBe(false);
  });

  it("is shared by every connection to the database", async () => {
    const otherDb = openSqliteDatabase(path.join(dir, "reelay.db"));
    expect(await log.remember("openai", "wh_1", 1_000, 0)).toBe(true);
    expect(await createSqliteCallbackLog(otherDb).remember("openai", "wh_1", 1_000, 0)).toBe(false);
    otherDb.close();
  });
});
