import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PresetStores } from "./item-store.ts";
import type { Preset, Style } from "./preset-types.ts";

/** A fresh, empty database for one test. */
export interface PresetStoresDatabase {
  /** Stores on a connection (SQLite) or pool (PostgreSQL) of their own, as another process would have. */
  connect(): Promise<PresetStores>;
  /** Closes every connection made and removes the database. */
  cleanup(): Promise<void>;
}

const TENANT_A = "tenant_a";
const TENANT_B = "tenant_b";
const NOW_MS = Date.UTC(2025, 0, 1);

function style(id: string, overrides: Partial<Style> = {}): Style {
  return {
    id,
    name: `Style ${id}`,
    description: "",
    promptPrefix: "",
    promptSuffix: ", pastel colours",
    negativePrompt: null,
    ...overrides,
  };
}

/** A preset with every kind of value, to prove each one is stored and read back with its type. */
const PRESET: Preset = {
  id: "vertical-fox",
  name: "Vertical fox ✓",
  description: "Nested values: numbers, booleans, nulls and ünïcødé.",
  model: "google-vertex/veo-3.1-fast-generate-001",
  parameters: {
    durationSeconds: 8,
    aspectRatio: "9:16",
    audio: false,
    seed: 4_294_967_295,
    providerOptions: { personGeneration: "allow_adult", nested: { list: [1, "two", null, true] } },
  },
  style: "noir",
  category: null,
};

/**
 * The conformance suite of the stores of styles, categories and presets. It talks to them only
 * through the interface, so the same tests can run against every database.
 */
export function describePresetStoresContract(name: string, open: () => Promise<PresetStoresDatabase>): void {
  describe(`PresetStores contract: ${name}`, () => {
    let current: { database: PresetStoresDatabase; stores: PresetStores } | undefined;
    beforeEach(async () => {
      const database = await open();
      current = { database, stores: await database.connect() };
    });
    afterEach(async () => {
      await current?.database.cleanup();
    });
    const stores = () => {
      if (current === undefined) throw new Error("The stores are only available inside a test.");
      return current.stores;
    };
    const connect = () => {
      if (current === undefined) throw new Error("The database is only available inside a test.");
      return current.database.connect();
    };

    it("round-trips an item with every kind of value", async () => {
      const result = await stores().presets.insert(TENANT_A, PRESET, NOW_MS, 10);
      expect(result).toStrictEqual({ outcome: "inserted", stored: { item: PRESET, createdAt: NOW_MS } });
      expect(await stores().presets.get(TENANT_A, PRESET.id)).toStrictEqual({ item: PRESET, createdAt: NOW_MS });
    });

    it("keeps tenants and kinds apart", async () => {
      await stores().styles.insert(TENANT_A, style("shared"), NOW_MS, 10);
      expect(await stores().styles.get(TENANT_B, "shared")).toBeNull();
      expect(await stores().categories.get(TENANT_A, "shared")).toBeNull();
      expect(await stores().styles.list(TENANT_B)).toEqual([]);
      const category = { id: "shared", name: "Shared", description: "" };
      expect((await stores().categories.insert(TENANT_A, category, NOW_MS, 10)).outcome).toBe("inserted");
      expect((await stores().styles.insert(TENANT_B, style("shared"), NOW_MS, 10)).outcome).toBe("inserted");
      expect(await stores().categories.delete(TENANT_B, "shared")).toBeNull();
      expect(await stores().styles.get(TENANT_A, "shared")).not.toBeNull();
    });

    it("lists a tenant's items oldest first, ties by id", async () => {
      await stores().styles.insert(TENANT_A, style("b"), NOW_MS + 5, 10);
      await stores().styles.insert(TENANT_A, style("c"), NOW_MS, 10);
      await stores().styles.insert(TENANT_A, style("a"), NOW_MS + 5, 10);
      const listed = await stores().styles.list(TENANT_A);
      expect(listed.map((stored) => [stored.item.id, stored.createdAt])).toEqual([
        ["c", NOW_MS],
        ["a", NOW_MS + 5],
        ["b", NOW_MS + 5],
      ]);
    });

    it("returns the item that holds an id instead of writing another", async () => {
      const first = style("mine", { promptSuffix: ", first" });
      await stores().styles.insert(TENANT_A, first, NOW_MS, 10);
      const again = await stores().styles.insert(TENANT_A, style("mine", { promptSuffix: ", second" }), NOW_MS + 1, 10);
      expect(again).toStrictEqual({ outcome: "exists", stored: { item: first, createdAt: NOW_MS } });
      expect(await stores().styles.list(TENANT_A)).toHaveLength(1);
    });

    it("writes nothing once a tenant has maxItems of a kind, and makes room again on delete", async () => {
      for (const id of ["one", "two"]) await stores().styles.insert(TENANT_A, style(id), NOW_MS, 2);
      expect(await stores().styles.insert(TENANT_A, style("three"), NOW_MS, 2)).toStrictEqual({ outcome: "full" });
      expect(await stores().styles.get(TENANT_A, "three")).toBeNull();
      expect((await stores().styles.insert(TENANT_B, style("three"), NOW_MS, 2)).outcome).toBe("inserted");
      const category = { id: "three", name: "Three", description: "" };
      expect((await stores().categories.insert(TENANT_A, category, NOW_MS, 2)).outcome).toBe("inserted");
      expect(await stores().styles.delete(TENANT_A, "one")).toStrictEqual({ item: style("one"), createdAt: NOW_MS });
      expect((await stores().styles.insert(TENANT_A, style("three"), NOW_MS, 2)).outcome).toBe("inserted");
    });

    it("deletes an item once", async () => {
      await stores().presets.insert(TENANT_A, PRESET, NOW_MS, 10);
      expect(await stores().presets.delete(TENANT_A, PRESET.id)).toStrictEqual({ item: PRESET, createdAt: NOW_MS });
      expect(await stores().presets.delete(TENANT_A, PRESET.id)).toBeNull();
      expect(await stores().presets.get(TENANT_A, PRESET.id)).toBeNull();
    });

    it("lets exactly one of several concurrent inserts of one id win", async () => {
      const results = await Promise.all(
        ["x", "y", "z"].map((suffix) =>
          stores().styles.insert(TENANT_A, style("race", { promptSuffix: suffix }), NOW_MS, 10),
        ),
      );
      expect(results.filter((result) => result.outcome === "inserted")).toHaveLength(1);
      expect(await stores().styles.list(TENANT_A)).toHaveLength(1);
    });

    it("share the ids and the limit with another process's stores, and keep items for it", async () => {
      const category = (id: string) => ({ id, name: id, description: "" });
      const other = (await connect()).categories;
      await stores().categories.insert(TENANT_A, category("one"), NOW_MS, 2);
      expect((await other.insert(TENANT_A, category("one"), NOW_MS + 1, 2)).outcome).toBe("exists");
      expect((await other.insert(TENANT_A, category("two"), NOW_MS + 1, 2)).outcome).toBe("inserted");
      expect((await stores().categories.insert(TENANT_A, category("three"), NOW_MS + 2, 2)).outcome).toBe("full");
      const listed = await (await connect()).categories.list(TENANT_A);
      expect(listed.map((stored) => stored.item.id)).toEqual(["one", "two"]);
    });

    it("lets processes inserting at once take no more places than the limit leaves", async () => {
      const processes = [stores(), await connect(), await connect()];
      const writers = [...processes, ...processes, ...processes, ...processes];
      // Reads first, so every writer has its connection open and the inserts really run at once.
      await Promise.all(writers.map((writer) => writer.styles.list(TENANT_A)));
      const results = await Promise.all(
        writers.map((writer, index) => writer.styles.insert(TENANT_A, style(`s${index}`), NOW_MS, 4)),
      );
      expect(results.filter((result) => result.outcome === "inserted")).toHaveLength(4);
      expect(results.filter((result) => result.outcome === "full")).toHaveLength(8);
      expect(await stores().styles.list(TENANT_A)).toHaveLength(4);
    });
  });
}
