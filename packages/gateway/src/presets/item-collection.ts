import { isDeepStrictEqual } from "node:util";
import type { Clock } from "../core/clock.ts";
import { ReelayError } from "../core/errors.ts";
import type { ValidationIssue } from "../core/types.ts";
import type { ItemStore, StoredItem } from "./item-store.ts";
import { ITEM_KINDS, type ItemEntry, type ItemKind, type NamedItem } from "./preset-types.ts";

export interface ItemCollectionOptions<T extends NamedItem> {
  kind: ItemKind;
  /** Reelay's own items of this kind: every tenant has them, nobody deletes them. */
  builtIns: readonly T[];
  store: ItemStore<T>;
  clock: Clock;
  /** Most items of this kind a tenant may create. */
  maxItems: number;
  /** Problems that keep `item` from being created. */
  check(tenantId: string, item: T): Promise<ValidationIssue[]>;
  /** Ids of the tenant's presets that refer to the item with `id`; it may not be deleted while any do. */
  usedBy(tenantId: string, id: string): Promise<string[]>;
}

/** The built-in items of one kind together with a tenant's own. */
export interface ItemCollection<T extends NamedItem> {
  /** Built-in items first, in their order, then the tenant's, oldest first. */
  list(tenantId: string): Promise<ItemEntry<T>[]>;
  /** The ids `list` would give. */
  ids(tenantId: string): Promise<string[]>;
  /** The item with this id, or null. */
  find(tenantId: string, id: string): Promise<ItemEntry<T> | null>;
  /** The item with this id; throws `<kind>_not_found` naming the ids there are. */
  get(tenantId: string, id: string): Promise<ItemEntry<T>>;
  /**
   * Creates the tenant's item. Sending the same item again returns the existing one with `created`
   * false, so a retried create is harmless; a different item under a taken id is `name_taken`.
   */
  create(tenantId: string, item: T): Promise<{ entry: ItemEntry<T>; created: boolean }>;
  /** Deletes the tenant's item and returns it; built-in items are `read_only`, used ones `in_use`. */
  delete(tenantId: string, id: string): Promise<ItemEntry<T>>;
}

const customEntry = <T extends NamedItem>(stored: StoredItem<T>): ItemEntry<T> => ({
  item: stored.item,
  builtIn: false,
  createdAt: stored.createdAt,
});

export function createItemCollection<T extends NamedItem>(options: ItemCollectionOptions<T>): ItemCollection<T> {
  const { kind, store } = options;
  const { plural, notFound } = ITEM_KINDS[kind];
  const builtIns: ItemEntry<T>[] = options.builtIns.map((item) => ({ item, builtIn: true, createdAt: null }));
  const builtInById = new Map(builtIns.map((entry) => [entry.item.id, entry]));

  async function list(tenantId: string): Promise<ItemEntry<T>[]> {
    return [...builtIns, ...(await store.list(tenantId)).map(customEntry)];
  }

  async function ids(tenantId: string): Promise<string[]> {
    return (await list(tenantId)).map((entry) => entry.item.id);
  }

  async function find(tenantId: string, id: string): Promise<ItemEntry<T> | null> {
    const builtIn = builtInById.get(id);
    if (builtIn !== undefined) return builtIn;
    const stored = await store.get(tenantId, id);
    return stored === null ? null : customEntry(stored);
  }

  async function notFoundError(tenantId: string, id: string): Promise<ReelayError> {
    return new ReelayError(notFound, `No ${kind} with id "${id}"; available: ${(await ids(tenantId)).join(", ")}.`);
  }

  async function get(tenantId: string, id: string): Promise<ItemEntry<T>> {
    const entry = await find(tenantId, id);
    if (entry === null) throw await notFoundError(tenantId, id);
    return entry;
  }

  return {
    list,
    ids,
    find,
    get,

    async create(tenantId, item) {
      if (builtInById.has(item.id)) {
        throw new ReelayError("name_taken", `"${item.id}" is the id of a built-in ${kind}; choose another id.`);
      }
      const issues = await options.check(tenantId, item);
      if (issues.length > 0) {
        const summary = issues.map((issue) => `${issue.field}: ${issue.message}`).join("; ");
        throw new ReelayError("validation_failed", `The ${kind} cannot be created: ${summary}`, issues);
      }
      const result = await store.insert(tenantId, item, options.clock.now(), options.maxItems);
      if (result.outcome === "full") {
        throw new ReelayError(
          "limit_reached",
          `You already have ${options.maxItems} ${plural}, the most Reelay keeps; delete one before creating another.`,
        );
      }
      if (result.outcome === "exists" && !isDeepStrictEqual(result.stored.item, item)) {
        throw new ReelayError(
          "name_taken",
          `You already have a different ${kind} with id "${item.id}" (created ${new Date(result.stored.createdAt).toISOString()}); delete it first or choose another id.`,
        );
      }
      return { entry: customEntry(result.stored), created: result.outcome === "inserted" };
    },

    async delete(tenantId, id) {
      if (builtInById.has(id)) {
        throw new ReelayError("read_only", `The ${kind} "${id}" is built in; built-in ${plural} cannot be deleted.`);
      }
      const users = await options.usedBy(tenantId, id);
      if (users.length > 0) {
        throw new ReelayError(
          "in_use",
          `The ${kind} "${id}" is used by your presets ${users.join(", ")}; delete those first.`,
        );
      }
      const deleted = await store.delete(tenantId, id);
      if (deleted === null) throw await notFoundError(tenantId, id);
      return customEntry(deleted);
    },
  };
}
