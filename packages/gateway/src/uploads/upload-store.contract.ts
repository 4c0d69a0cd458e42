import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { UploadRecord, UploadStore } from "./upload-store.ts";

/** A fresh, empty database for one test. */
export interface UploadStoreDatabase {
  /** A store on a connection (SQLite) or pool (PostgreSQL) of its own, as another process would have. */
  connect(): Promise<UploadStore>;
  /** Closes every connection made and removes the database. */
  cleanup(): Promise<void>;
}

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

/** The suite every upload store passes; it talks to the store only through the interface. */
export function describeUploadStoreContract(name: string, open: () => Promise<UploadStoreDatabase>): void {
  describe(`UploadStore contract: ${name}`, () => {
    let database: UploadStoreDatabase | undefined;
    let store: UploadStore;
    beforeEach(async () => {
      database = await open();
      store = await database.connect();
    });
    afterEach(async () => {
      await database?.cleanup();
    });
    const connect = () => {
      if (database === undefined) throw new Error("The database is only available inside a test.");
      return database.connect();
    };

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

    it("lets one of two processes uploading the same bytes at once write them, and gives both that upload", async () => {
      const other = await connect();
      const results = await Promise.all([
        store.insert(upload({ id: "upl_first" })),
        other.insert(upload({ id: "upl_second" })),
      ]);
      expect(results.filter((result) => result.inserted)).toHaveLength(1);
      const winner = results.find((result) => result.inserted)?.upload;
      expect(results.map((result) => result.upload)).toEqual([winner, winner]);
      expect(await other.get("tenant-a", winner?.id ?? "")).toEqual(winner);
      expect(await store.findBySha256("tenant-a", "a".repeat(64))).toEqual(winner);
    });
  });
}
