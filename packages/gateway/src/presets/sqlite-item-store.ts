import type { Database } from "better-sqlite3";
import { itemToRow, rowToStoredItem, type ItemRow } from "./item-row.ts";
import type { InsertItemResult, ItemStore, PresetStores } from "./item-store.ts";
import type { ItemKind, NamedItem } from "./preset-types.ts";

const COLUMNS = "id, definition, created_at";

/**
 * The tenants' items of one kind in the job store's SQLite file (migration 0009). Inserts run in an
 * IMMEDIATE transaction, so two processes cannot both take the last place under the limit or the
 * same id.
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

  const insertUnlessTaken = db.transaction(
    (tenantId: string, item: T, nowMs: number, maxItems: number): InsertItemResult<T> => {
      const existing = selectOne.get(tenantId, kind, item.id);
      if (existing !== undefined) return { outcome: "exists", stored: rowToStoredItem(existing) };
      if ((count.get(tenantId, kind) ?? 0) >= maxItems) return { outcome: "full" };
      const row = itemToRow(item, nowMs);
      insertRow.run(tenantId, kind, row.id, row.definition, row.created_at);
      return { outcome: "inserted", stored: rowToStoredItem(row) };
    },
  );

  return {
    async list(tenantId) {
      return selectAll.all(tenantId, kind).map((row) => rowToStoredItem<T>(row));
    },
    async get(tenantId, id) {
      const row = selectOne.get(tenantId, kind, id);
      return row === undefined ? null : rowToStoredItem(row);
    },
    async insert(tenantId, item, nowMs, maxItems) {
      return insertUnlessTaken.immediate(tenantId, item, nowMs, maxItems);
    },
    async delete(tenantId, id) {
      const row = deleteRow.get(tenantId, kind, id);
      return row === undefined ? null : rowToStoredItem(row);
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
