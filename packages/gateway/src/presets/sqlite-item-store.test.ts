import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteDatabase } from "../db/sqlite-database.ts";
import { describePresetStoresContract } from "./item-store.contract.ts";
import { createSqlitePresetStores } from "./sqlite-item-store.ts";

describePresetStoresContract("SQLite", async () => {
  const directory = await mkdtemp(path.join(tmpdir(), "reelay-items-"));
  const database = openSqliteDatabase(path.join(directory, "reelay.db"));
  return {
    stores: createSqlitePresetStores(database),
    cleanup: async () => {
      database.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
});

describe("SQLite preset stores", () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), "reelay-items-"));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("share the limit and the ids with another connection to the same file, and keep items across reopening", async () => {
    const file = path.join(directory, "reelay.db");
    const first = openSqliteDatabase(file);
    const second = openSqliteDatabase(file);
    try {
      const category = (id: string) => ({ id, name: id, description: "" });
      await createSqlitePresetStores(first).categories.insert("tenant_a", category("one"), 1, 2);
      const other = createSqlitePresetStores(second).categories;
      expect((await other.insert("tenant_a", category("one"), 2, 2)).outcome).toBe("exists");
      expect((await other.insert("tenant_a", category("two"), 2, 2)).outcome).toBe("inserted");
      expect(
        (await createSqlitePresetStores(first).categories.insert("tenant_a", category("three"), 3, 2)).outcome,
      ).toBe("full");
    } finally {
      first.close();
      second.close();
    }
    const reopened = openSqliteDatabase(file);
    try {
      const listed = await createSqlitePresetStores(reopened).categories.list("tenant_a");
      expect(listed.map((stored) => stored.item.id)).toEqual(["one", "two"]);
    } finally {
      reopened.close();
    }
  });
});
