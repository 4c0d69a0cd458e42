import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import { loadConfig } from "../../config.ts";
import type { ApiKeyRecord, TenantLimits, TenantRecord, TenantStore } from "../../tenants/tenant-store.ts";
import { CliError } from "../cli-error.ts";
import type { GlobalOptions } from "../command-context.ts";
import { EXIT } from "../exit-codes.ts";
import { table } from "../format.ts";
import { formatBudget, formatConcurrency, formatRate, parseLimitFlags, type LimitFlags } from "../parse-limits.ts";

interface KeysOptions extends GlobalOptions {
  dataDir?: string;
}

interface CreateOptions extends LimitFlags {
  tenant: string;
  name?: string;
}

/** Prints JSON or text, as `--json` asks; these commands have no server, so no client context. */
function printer(command: Command): (value: unknown, text: string) => void {
  const json = command.optsWithGlobals<KeysOptions>().json === true;
  return (value, text) => process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
}

/**
 * Opens the server's own database, found as `reelay serve` finds it, and closes it after `use`.
 * Only `create` may make an SQLite file: listing or revoking in a data dir with none means the data
 * dir is not the server's, and an empty answer would hide that.
 */
async function withTenantStore<T>(
  command: Command,
  mode: "create" | "existing",
  use: (store: TenantStore) => Promise<T>,
): Promise<T> {
  const { database, dataDir } = loadConfig(process.env, {
    REELAY_DATA_DIR: command.optsWithGlobals<KeysOptions>().dataDir,
  });
  if (database.kind === "sqlite") {
    if (mode === "create") await mkdir(path.dirname(database.path), { recursive: true });
    else if (!existsSync(database.path)) {
      throw new CliError(
        `No Reelay database at ${database.path}; point --data-dir (or REELAY_DATA_DIR) at the server's data dir.`,
        EXIT.rejected,
      );
    }
  }
  // Loaded here: the database drivers are what the client commands need not pay for.
  const { openStores } = await import("../../stores/stores.ts");
  const stores = await openStores(database, dataDir);
  try {
    return await use(stores.tenants);
  } finally {
    await stores.close();
  }
}

const time = (ms: number | null, none: string) => (ms === null ? none : new Date(ms).toISOString());

function limitLines(limits: TenantLimits): string[] {
  return [
    `  rate:        ${formatRate(limits.rate)}`,
    `  concurrency: ${formatConcurrency(limits.maxRunningJobs)} (jobs running upstream at once)`,
    `  budget:      ${formatBudget(limits.monthlyBudgetUsd)} per calendar month (UTC)`,
  ];
}

function keysTable(keys: ApiKeyRecord[]): string {
  return table(
    ["KEY", "TENANT", "NAME", "CREATED", "LAST USED", "REVOKED"],
    keys.map((key) => [
      key.id,
      key.tenantId,
      key.name ?? "",
      time(key.createdAt, ""),
      time(key.lastUsedAt, "never"),
      time(key.revokedAt, ""),
    ]),
  );
}

function tenantsTable(tenants: TenantRecord[]): string {
  return table(
    ["TENANT", "RATE", "CONCURRENCY", "BUDGET/MONTH"],
    tenants.map(({ id, limits }) => [
      id,
      formatRate(limits.rate),
      formatConcurrency(limits.maxRunningJobs),
      formatBudget(limits.monthlyBudgetUsd),
    ]),
  );
}

export function registerKeyCommands(program: Command): void {
  const keys = program
    .command("keys")
    .description("Create, list and revoke API keys, in the server's database (run where the server's data is)")
    .option("-d, --data-dir <dir>", "the server's data directory (REELAY_DATA_DIR, default ./data)");

  keys
    .command("create")
    .description("Create an API key for a tenant (created when new) and set the tenant's limits")
    .requiredOption("--tenant <name>", "tenant the key acts as: lowercase letters, digits and dashes")
    .option("--name <label>", "what the key is for, shown in `reelay keys list`")
    .option("--rate <N/unit>", "requests allowed per s, min or h, e.g. 60/min; none clears it")
    .option("--concurrency <n>", "jobs running upstream at once, more wait in the queue; none clears it")
    .option("--budget <usd>", "US dollars the tenant may spend per calendar month; none clears it")
    .action(async (options: CreateOptions, command: Command) => {
      // Every flag is checked before the database is touched, so a typo changes nothing.
      const limits = parseLimitFlags(options);
      const name = options.name?.trim() || undefined;
      const created = await withTenantStore(command, "create", async (store) => {
        const { createApiKey } = await import("../../tenants/api-keys.ts");
        try {
          return await createApiKey(store, { tenantId: options.tenant, name, limits }, Date.now());
        } catch (error) {
          // The only refusal createApiKey makes: a tenant name that is not a slug.
          if (error instanceof RangeError) throw new CliError(`--tenant: ${error.message}`, EXIT.rejected);
          throw error;
        }
      });
      const { token, key, tenant } = created;
      printer(command)(
        created,
        [
          token,
          "",
          "This token is shown only once: store it now. Reelay keeps only its hash and cannot show it again.",
          `  key:         ${key.id}${key.name === null ? "" : ` (${key.name})`}`,
          `  tenant:      ${tenant.id}`,
          ...limitLines(tenant.limits),
          "Send it as `Authorization: Bearer <token>`, or to the CLI with --api-key / REELAY_API_KEY.",
        ].join("\n"),
      );
    });

  keys
    .command("list")
    .description("List every API key, newest first, and each tenant's limits (never a secret)")
    .action(async (_options: unknown, command: Command) => {
      const listing = await withTenantStore(command, "existing", async (store) => ({
        keys: await store.listKeys(),
        tenants: await store.listTenants(),
      }));
      const text =
        listing.keys.length === 0
          ? "No API keys: the server is open to local callers only, as tenant default."
          : keysTable(listing.keys);
      printer(command)(listing, listing.tenants.length === 0 ? text : `${text}\n\n${tenantsTable(listing.tenants)}`);
    });

  keys
    .command("revoke")
    .description("Revoke an API key: the server refuses it from its next request on")
    .argument("<id>", "key id, as `reelay keys list` shows it (the part after rly_)")
    .action(async (id: string, _options: unknown, command: Command) => {
      const nowMs = Date.now();
      const { revoked, anyActive } = await withTenantStore(command, "existing", async (store) => ({
        revoked: await store.revokeKey(id, nowMs),
        anyActive: await store.hasActiveKeys(),
      }));
      if (revoked === null) {
        throw new CliError(`No API key ${id}; \`reelay keys list\` shows the keys there are.`, EXIT.rejected);
      }
      const when = time(revoked.revokedAt, "");
      const already = revoked.revokedAt !== nowMs;
      printer(command)(
        revoked,
        already
          ? `Key ${revoked.id} (tenant ${revoked.tenantId}) was already revoked at ${when}.`
          : `Revoked key ${revoked.id} (tenant ${revoked.tenantId}) at ${when}.`,
      );
      if (!anyActive) {
        process.stderr.write(
          "No unrevoked API key is left: on loopback the server is open again to every local caller (tenant default); on any other address it refuses every call.\n",
        );
      }
    });
}
