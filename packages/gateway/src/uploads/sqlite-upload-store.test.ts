import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteDatabase } from "../db/sqlite-database.ts";
import { createSqliteUploadStore } from "./sqlite-upload-store.ts";
import type { UploadRecord, UploadStore } from "./upload-store.ts";

const upload = (overrides: Partial<UploadRecord> = {}): UploadRecord => ({
  id: `upl_${Math.random().toString(36).slice(2)}`,
  tenantId: "tenant-a",
  sha256: "a".repeat(64),
  key: "uploads/tenant-a/aaa.jpg",
  mediaType: "image/jpeg",
  width: 640,
  height: 480,
  sizeBytes: 1234,
  createdAt: 1_700_000_000_000,
  ...overrides,
});

describe("SQLite upload store", () => {
  let dir: string;
  let store: UploadStore;
  let close: () => void;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "reelay-uploads-"));
    const db = openSqliteDatabase(path.join(dir, "reelay.db"));
    store = createSqliteUploadStore(db);
    close = () => db.close();
  });
  afterEach(async () => {
    close();
    await rm(dir, { recursive: true, force: true });
  });

  it("stores an upload and reads it back", async () => {
    const first = upload();
    expect(await store.insert(first)).toEqual({ inserted: true, upload: first });
    expect(await store.get("tenant-a", first.id)).toEqual(first);
    expect(await store.findBySha256("tenant-a", first.sha256)).toEqual(first);
  });

  it("keeps one upload per tenant and content hash", async () => {
    const first = upload();
    await store.insert(first);
    expect(await store.insert(upload())).toEqual({ inserted: false, upload: first });
    const otherTenant = upload({ tenantId: "tenant-b", key: "uploads/tenant-b/aaa.jpg" });
    expect((await store.insert(otherTenant)).inserted).toBe(true);
  });

  it("never shows or deletes another tenant's upload", async () => {
    const first = upload();
    await store.insert(first);
    expect(await store.get("tenant-b", first.id)).toBeNull();
    expect(await store.findBySha256("tenant-b", first.sha256)).toBeNull();
    expect(await store.delete("tenant-b", first.id)).toBeNull();
    expect(await store.delete("tenant-a", first.id)).toEqual(first);
    expect(await store.get("tenant-a", first.id)).toBeNull();
  });
});
