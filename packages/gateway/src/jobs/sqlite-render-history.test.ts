import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteDatabase } from "../db/sqlite-database.ts";
import type { RenderHistory } from "./render-history.ts";
import { createSqliteRenderHistory } from "./sqlite-render-history.ts";

describe("SQLite render history", () => {
  let dir: string;
  let history: RenderHistory;
  let close: () => void;
  const key = { model: "local/preview", durationSeconds: 4, resolution: "720p" };

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "reelay-history-"));
    const db = openSqliteDatabase(path.join(dir, "reelay.db"));
    history = createSqliteRenderHistory(db);
    close = () => db.close();
  });
  afterEach(async () => {
    close();
    await rm(dir, { recursive: true, force: true });
  });

  it("knows nothing before the first render, then follows renders with a moving average", async () => {
    expect(await history.expectedSeconds(key)).toBeNull();
    await history.record(key, 10, 1);
    expect(await history.expectedSeconds(key)).toBe(10);
    await history.record(key, 20, 2);
    expect(await history.expectedSeconds(key)).toBeCloseTo(15, 5);
    await history.record(key, 30, 3);
    expect(await history.expectedSeconds(key)).toBeCloseTo(22.5, 5);
    await history.record(key, 30, 4);
    expect(await history.expectedSeconds(key)).toBeCloseTo(26.25, 5);
  });

  it("keeps each model, duration and resolution apart", async () => {
    await history.record(key, 10, 1);
    expect(await history.expectedSeconds({ ...key, durationSeconds: 8 })).toBeNull();
    expect(await history.expectedSeconds({ ...key, resolution: "1080p" })).toBeNull();
    expect(await history.expectedSeconds({ ...key, model: "runway/gen4.5" })).toBeNull();
  });
});
