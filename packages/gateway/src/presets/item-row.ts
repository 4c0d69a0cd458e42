import type { StoredItem } from "./item-store.ts";
import type { NamedItem } from "./preset-types.ts";

/** A `custom_items` row as the stores read it; `definition` is the item's JSON without its id. */
export interface ItemRow {
  id: string;
  definition: string;
  created_at: number;
}

/** The row written for `item` created at `nowMs`. */
export function itemToRow<T extends NamedItem>(item: T, nowMs: number): ItemRow {
  const { id, ...definition } = item;
  return { id, definition: JSON.stringify(definition), created_at: nowMs };
}

/** The item a row holds. The row was written by `itemToRow` from a checked item, so its JSON is trusted. */
export function rowToStoredItem<T extends NamedItem>(row: ItemRow): StoredItem<T> {
  return {
    item: { id: row.id, ...(JSON.parse(row.definition) as Omit<T, "id">) } as T,
    createdAt: row.created_at,
  };
}
