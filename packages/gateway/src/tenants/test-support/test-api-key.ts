import path from "node:path";
import { openSqliteDatabase } from "../../db/sqlite-database.ts";
import { createApiKey } from "../api-keys.ts";
import { createSqliteTenantStore } from "../sqlite-tenant-store.ts";
import type { TenantLimits } from "../tenant-store.ts";

/**
 * Creates an API key in a test gateway's database, as `reelay keys create` does, through a second
 * connection to the same SQLite file; returns the token.
 */
export async function createTestApiKey(
  dataDir: string,
  tenantId: string,
  limits: Partial<TenantLimits> = {},
): Promise<string> {
  const store = createSqliteTenantStore(openSqliteDatabase(path.join(dataDir, "reelay.db")));
  try {
    return (await createApiKey(store, { tenantId, limits }, Date.now())).token;
  } finally {
    await store.close();
  }
}
