import { createApiKeyToken } from "./api-key-token.ts";
import type { ApiKeyRecord, TenantLimits, TenantRecord, TenantStore } from "./tenant-store.ts";

/** Tenant ids are slugs, like preset ids. */
export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface CreatedApiKey {
  key: ApiKeyRecord;
  /** The whole token: shown once, never stored. */
  token: string;
  tenant: TenantRecord;
}

/**
 * Creates a key for a tenant (creating the tenant when new) and sets the limits given; limits left
 * out keep their values.
 */
export async function createApiKey(
  store: TenantStore,
  options: { tenantId: string; name?: string; limits?: Partial<TenantLimits> },
  nowMs: number,
): Promise<CreatedApiKey> {
  if (!TENANT_ID_PATTERN.test(options.tenantId)) {
    throw new RangeError(
      `Tenant "${options.tenantId}" is not a valid name: use 1–64 lowercase letters, digits and dashes, starting with a letter or digit.`,
    );
  }
  const tenant = await store.upsertTenant(options.tenantId, options.limits ?? {}, nowMs);
  const { id, token, secretSha256 } = createApiKeyToken();
  const key = {
    id,
    tenantId: options.tenantId,
    name: options.name ?? null,
    createdAt: nowMs,
    lastUsedAt: null,
    revokedAt: null,
  };
  await store.insertKey({ ...key, secretSha256 });
  return { key, token, tenant };
}
