import { inPgTransaction, type PgPool, type PgQueryable } from "../db/pg-database.ts";
import { takePgTenantLock } from "../db/pg-locks.ts";
import { itemToRow, rowToStoredItem, type ItemRow } from "./item-row.ts";
import type { InsertItemResult, ItemStore, PresetStores } from "./item-store.ts";
import type { ItemKind, NamedItem } from "./preset-types.ts";

const COLUMNS = "id, definition, created_at";

/**
 * The tenants' items of one kind in the `custom_items` table of the shared PostgreSQL database.
 * An insert checks the id and the count under the tenant's lock (`db/pg-locks.ts`), so two
 * processes cannot both take the last place under the limit or the same id. Takes the pool every
 * store of the process shares; whoever opened it ends it.
 */
export function createPgItemStore<T extends NamedItem>(pool: PgPool, kind: ItemKind): ItemStore<T> {
  async function selectOne(tenantId: string, id: string, client: PgQueryable = pool) {
    const result = await client.query<ItemRow>(
      `SELECT ${COLUMNS} FROM custom_items WHERE tenant_id = $1 AND kind = $2 AND id = $3`,
      [tenantId, kind, id],
    );
    return result.rows[0];
  }

  return {
    async list(tenantId) {
      const result = await pool.query<ItemRow>(
        `SELECT ${COLUMNS} FROM custom_items WHERE tenant_id = $1 AND kind = $2 ORDER BY created_at, id`,
        [tenantId, kind],
      );
      return result.rows.map((row) => rowToStoredItem<T>(row));
    },
    async get(tenantId, id) {
      const row = await selectOne(tenantId, id);
      return row === undefined ? null : rowToStoredItem(row);
    },
    async insert(tenantId, item, nowMs, maxItems) {
      return inPgTransaction(pool, async (client): Promise<InsertItemResult<T>> => {
        await takePgTenantLock(client, tenantId);
        const existing = await selectOne(tenantId, item.id, client);
        if (existing !== undefined) return { outcome: "exists", stored: rowToStoredItem(existing) };
        const counted = await client.query<{ count: number }>(
          "SELECT COUNT(*) AS count FROM custom_items WHERE tenant_id = $1 AND kind = $2",
          [tenantId, kind],
        );
        if ((counted.rows[0]?.count ?? 0) >= maxItems) return { outcome: "full" };
        const row = itemToRow(item, nowMs);
        await client.query(
          "INSERT INTO custom_items (tenant_id, kind, id, definition, created_at) VALUES ($1, $2, $3, $4, $5)",
          [tenantId, kind, row.id, row.definition, row.created_at],
        );
        return { outcome: "inserted", stored: rowToStoredItem(row) };
      });
    },
    async delete(tenantId, id) {
      const result = await pool.query<ItemRow>(
        `DELETE FROM custom_items WHERE tenant_id = $1 AND kind = $2 AND id = $3 RETURNING ${COLUMNS}`,
        [tenantId, kind, id],
      );
      const row = result.rows[0];
      return row === undefined ? null : rowToStoredItem(row);
    },
  };
}

/** The stores of the three kinds on the process's pool. */
export function createPgPresetStores(pool: PgPool): PresetStores {
  return {
    styles: createPgItemStore(pool, "style"),
    categories: createPgItemStore(pool, "category"),
    presets: createPgItemStore(pool, "preset"),
  };
}
