import type { Category, NamedItem, Preset, Style } from "./preset-types.ts";

/** A tenant's own item as stored. */
export interface StoredItem<T extends NamedItem> {
  item: T;
  /** Milliseconds since the epoch. */
  createdAt: number;
}

/**
 * What an insert did: wrote the item, found one with its id already (returned, nothing written), or
 * found the tenant already at the limit (nothing written).
 */
export type InsertItemResult<T extends NamedItem> =
  | { outcome: "inserted"; stored: StoredItem<T> }
  | { outcome: "exists"; stored: StoredItem<T> }
  | { outcome: "full" };

/** Durable storage of the styles, categories or presets tenants create (one kind per store). */
export interface ItemStore<T extends NamedItem> {
  /** A tenant's items, oldest first (ties by id). */
  list(tenantId: string): Promise<StoredItem<T>[]>;
  /** A tenant's item, or null (another tenant's is null too). */
  get(tenantId: string, id: string): Promise<StoredItem<T> | null>;
  /**
   * Writes `item` created at `nowMs`, unless the tenant has an item with its id or already has
   * `maxItems`; the check and the write are one atomic step.
   */
  insert(tenantId: string, item: T, nowMs: number, maxItems: number): Promise<InsertItemResult<T>>;
  /** Removes a tenant's item and returns it, or null when there was none. */
  delete(tenantId: string, id: string): Promise<StoredItem<T> | null>;
}

/** One store per kind. */
export interface PresetStores {
  styles: ItemStore<Style>;
  categories: ItemStore<Category>;
  presets: ItemStore<Preset>;
}
