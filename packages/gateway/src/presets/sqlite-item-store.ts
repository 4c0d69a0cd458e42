import type { Database } from "better-sqlite3";
import type { InsertItemResult, ItemStore, PresetStores, StoredItem } from "./item-store.ts";
import type { ItemKind, NamedItem } from "./preset-types.ts";

/** A `custom_items` row (migration 0009); `definition` is the item's JSON without its id. */
interface ItemRow {
  id: string;
  definition: string;
  created_at: number;
}

const COLUMNS = "id, definition, created_at";

/**
 * The tenants' items of one kind in the job store's SQLite file. Inserts run in an IMMEDIATE
 * transaction, so two processes cannot both take the last place under the limit or the same id.
 */
export function createSqliteItemStore<T extends NamedItem>(db: Database, kind: ItemKind): ItemStore<T> {
  const selectAll = db.prepare<[string, string], ItemRow>(
    `SELECT ${COLUMNS} FROM custom_items WHERE tenant_id = ? AND kind = ? ORDER BY created_at, id`,
  );
  const selectOne = db.prepare<[string, string, string], ItemRow>(
    `SELECT ${COLUMNS} FROM custom_items WHERE tenant_id = ? AND kind = ? AND id = ?`,
  );
  const count = db
    .prepare<[string, string], number>("SELECT COUNT(*) FROM custom_items WHERE tenant_id = ? AND kind = ?")
    .pluck();
  const insertRow = db.prepare<[string, string, string, string, number]>(
    "INSERT INTO custom_items (tenant_id, kind, id, definition, created_at) VALUES (?, ?, ?, ?, ?)",
  );
  const deleteRow = db.prepare<[string, string, string], ItemRow>(
    `DELETE FROM custom_items WHERE tenant_id = ? AND kind = ? AND id = ? RETURNING ${COLUMNS}`,
  );

  // The row was written by this module from a checked item, so its JSON is trusted.
  const toStored = (row: ItemRow): StoredItem<T> => ({
    item: { id: row.id, ...(JSON.parse(row.definition) as Omit<T, "id">) } as T,
    createdAt: row.created_at,
  });

  const insertUnlessTaken = db.transaction(
    (tenantId: string, item: T, nowMs: number, maxItems: number): InsertItemResult<T> => {
      const existing = selectOne.get(tenantId, kind, item.id);
      if (existing !== undefined) return { outcome: "exists", stored: toStored(existing) };
      if ((count.get(tenantId, kind) ?? 0) >= maxItems) return { outcome: "full" };
      const { id, ...definition } = item;
      const definitionJson = JSON.stringify(definition);
      insertRow.run(tenantId, kind, id, definitionJson, nowMs);
      return { outcome: "inserted", stored: toStored({ id, definition: definitionJson, created_at: nowMs }) };
    },
  );

  return {
    async list(tenantId) {
      return selectAll.all(tenantId, kind).map(toStored);
    },
    async get(tenantId, id) {
      const row = selectOne.get(tenantId, kind, id);
      return row === undefined ? null : toStored(row);
    },
    async insert(tenantId, item, nowMs, maxItems) {
      return insertUnlessTaken.immediate(tenantId, item, nowMs, maxItems);
    },
    async delete(tenantId, id) {
      const row = deleteRow.get(tenantId, kind, id);
      return row === undefined ? null : toStored(row);
    },
  };
}

/** The stores of the three kinds on one open, migrated connection. */
export function createSqlitePresetStores(db: Database): PresetStores {
  return {
    styles: createSqliteItemStore(db, "style"),
    categories: createSqliteItemStore(db, "category"),
    presets: createSqliteItemStore(db, "preset"),
  };
}
