import { copyFile, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, expect, it } from "vitest";
import { applySqliteMigrations, SQLITE_MIGRATIONS_DIRECTORY } from "../db/sqlite-migrations.ts";
import { createSqliteJobStore } from "./sqlite-job-store.ts";
import { makeJobRecord } from "./test-support/make-job-record.ts";

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "reelay-job-labels-"));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

it("gives the jobs in events recorded before migration 0009 no category, style or preset", async () => {
  const older = path.join(directory, "older-migrations");
  await mkdir(older);
  for (const name of await readdir(SQLITE_MIGRATIONS_DIRECTORY)) {
    if (name < "0009") await copyFile(new URL(name, SQLITE_MIGRATIONS_DIRECTORY), path.join(older, name));
  }
  const db = new BetterSqlite3(path.join(directory, "reelay.db"));
  try {
    applySqliteMigrations(db, { directory: pathToFileURL(`${older}/`) });
    const { category: _category, style: _style, preset: _preset, ...before } = makeJobRecord();
    db.prepare("INSERT INTO job_events (tenant_id, job_id, type, job, created_at) VALUES (?, ?, 'status', ?, 0)").run(
      before.tenantId,
      before.id,
      JSON.stringify(before),
    );
    applySqliteMigrations(db);
    const [event] = await createSqliteJobStore(db).listEvents({ tenantId: before.tenantId, afterId: 0, limit: 10 });
    expect(event?.job).toStrictEqual({ ...before, category: null, style: null, preset: null });
  } finally {
    db.close();
  }
});
