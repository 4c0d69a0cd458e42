import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreatedApiKey } from "../tenants/api-keys.ts";
import type { ApiKeyRecord, TenantRecord } from "../tenants/tenant-store.ts";
import { startTestGateway } from "../test-support/start-test-gateway.ts";
import { expectBuiltCli, runReelay, type RunResult } from "./test-support/run-reelay.ts";

const TOKEN_PATTERN = /^rly_[0-9a-z]{16}_[A-Za-z0-9_-]{43}$/;

describe("reelay keys", () => {
  const dataDirs: string[] = [];

  /** A fresh, empty data directory, removed after the tests. */
  async function freshDataDir(): Promise<string> {
    const dataDir = await mkdtemp(path.join(tmpdir(), "reelay-keys-"));
    dataDirs.push(dataDir);
    return dataDir;
  }

  /** `reelay keys <args>` on the database in `dataDir`, found through REELAY_DATA_DIR. */
  const keys = (dataDir: string, args: string[]): Promise<RunResult> =>
    runReelay(["keys", ...args], dataDir, { REELAY_DATA_DIR: dataDir });

  async function createKey(dataDir: string, args: string[]): Promise<CreatedApiKey> {
    const result = await keys(dataDir, ["create", "--json", ...args]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as CreatedApiKey;
  }

  /** Every byte SQLite keeps for the database: the file, and its write-ahead log if one is left. */
  async function databaseBytes(dataDir: string): Promise<string> {
    const files = (await readdir(dataDir)).filter((file) => file.startsWith("reelay.db"));
    const contents = await Promise.all(files.map((file) => readFile(path.join(dataDir, file))));
    return Buffer.concat(contents).toString("latin1");
  }

  beforeAll(() => {
    expectBuiltCli();
  });
  afterAll(async () => {
    await Promise.all(dataDirs.map((dataDir) => rm(dataDir, { recursive: true, force: true })));
  });

  it("creates a key, shows its token once and keeps only the SHA-256 of its secret", async () => {
    const dataDir = await freshDataDir();
    const created = await createKey(dataDir, [
      "--tenant",
      "acme",
      "--name",
      "ci",
      "--rate",
      "60/min",
      "--concurrency",
      "2",
      "--budget",
      "12.50",
    ]);
    expect(created.token).toMatch(TOKEN_PATTERN);
    expect(created.token.startsWith(`rly_${created.key.id}_`)).toBe(true);
    expect(created.key).toMatchObject({ tenantId: "acme", name: "ci", lastUsedAt: null, revokedAt: null });
    expect(created.tenant).toMatchObject({
      id: "acme",
      limits: { rate: { requests: 60, windowSeconds: 60 }, maxRunningJobs: 2, monthlyBudgetUsd: 12.5 },
    });

    const secret = created.token.slice(`rly_${created.key.id}_`.length);
    const stored = await databaseBytes(dataDir);
    expect(stored).toContain(created.key.id);
    expect(stored).toContain(createHash("sha256").update(secret).digest("hex"));
    expect(stored).not.toContain(created.token);
    expect(stored).not.toContain(secret);

    const text = await keys(dataDir, ["create", "--tenant", "acme", "--budget", "none"]);
    expect(text.code).toBe(0);
    const token = text.stdout.split("\n")[0] ?? "";
    expect(token).toMatch(TOKEN_PATTERN);
    expect(text.stdout.split(token)).toHaveLength(2);
    expect(text.stdout).toContain("shown only once");
    expect(text.stdout).toContain(`key:         ${token.slice(4, 20)}`);
    expect(text.stdout).toContain("tenant:      acme");
    expect(text.stdout).toMatch(/rate: +60\/min/);
    expect(text.stdout).toMatch(/concurrency: +2 /);
    expect(text.stdout).toMatch(/budget: +none per calendar month/);
  });

  it("lists keys and tenants' limits without any secret", async () => {
    const dataDir = await freshDataDir();
    const first = await createKey(dataDir, ["--tenant", "acme", "--name", "ci", "--rate", "5/s"]);
    const second = await createKey(dataDir, ["--tenant", "beta", "--concurrency", "3", "--budget", "50"]);
    const list = await keys(dataDir, ["list"]);
    expect(list.code).toBe(0);
    const lines = list.stdout.split("\n");
    expect(lines[0]).toMatch(/^KEY\s+TENANT\s+NAME\s+CREATED\s+LAST USED\s+REVOKED$/);
    expect(lines[2]).toMatch(new RegExp(`^${second.key.id}\\s+beta\\s+\\S+Z\\s+never$`));
    expect(lines[3]).toMatch(new RegExp(`^${first.key.id}\\s+acme\\s+ci\\s+\\S+Z\\s+never$`));
    expect(lines.find((line) => line.startsWith("TENANT"))).toMatch(/^TENANT\s+RATE\s+CONCURRENCY\s+BUDGET\/MONTH$/);
    expect(lines).toContainEqual(expect.stringMatching(/^acme\s+5\/s\s+none\s+none$/));
    expect(lines).toContainEqual(expect.stringMatching(/^beta\s+none\s+3\s+\$50\.00$/));

    const json = await keys(dataDir, ["list", "--json"]);
    const listing = JSON.parse(json.stdout) as { keys: ApiKeyRecord[]; tenants: TenantRecord[] };
    expect(listing.keys.map((key) => key.id)).toEqual([second.key.id, first.key.id]);
    expect(listing.tenants.map((tenant) => tenant.id)).toEqual(["acme", "beta"]);
    for (const output of [list.stdout, json.stdout]) {
      for (const { token } of [first, second]) {
        expect(output).not.toContain(token);
        expect(output).not.toContain(token.slice(21));
      }
      expect(output).not.toMatch(/[0-9a-f]{64}/);
    }
  });

  it("revokes a key, says when, and refuses an unknown id", async () => {
    const dataDir = await freshDataDir();
    const { key } = await createKey(dataDir, ["--tenant", "acme"]);
    const revoked = await keys(dataDir, ["revoke", key.id]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(
      new RegExp(`^Revoked key ${key.id} \\(tenant acme\\) at \\d{4}-\\d\\d-\\d\\dT.*Z\\.`),
    );
    expect(revoked.stderr).toContain("No unrevoked API key is left");
    const again = await keys(dataDir, ["revoke", key.id]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("was already revoked at");
    const list = await keys(dataDir, ["list"]);
    expect(list.stdout.split("\n")[2]).toMatch(new RegExp(`^${key.id}\\s+acme\\s+\\S+Z\\s+never\\s+\\S+Z$`));

    const unknown = await keys(dataDir, ["revoke", "0000000000000000"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("reelay: No API key 0000000000000000; `reelay keys list` shows the keys there are.\n");
  });

  it.each([
    [["--rate", "60/day"], "--rate must be N/s, N/min or N/h"],
    [["--rate", "0/s"], "--rate must be N/s, N/min or N/h"],
    [["--concurrency", "0"], "--concurrency must be a whole number above 0"],
    [["--concurrency", "2.5"], "--concurrency must be a whole number above 0"],
    [["--budget", "-5"], "--budget must be a dollar amount of 0 or more"],
    [["--budget", "lots"], "--budget must be a dollar amount of 0 or more"],
  ])("refuses %j with exit code 2 and the allowed form, changing nothing", async (flags, message) => {
    const dataDir = await freshDataDir();
    const result = await keys(dataDir, ["create", "--tenant", "acme", ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toMatch(/^reelay: [^\n]*\n$/);
    expect(result.stdout).toBe("");
    expect(existsSync(path.join(dataDir, "reelay.db"))).toBe(false);
  });

  it("refuses a tenant name that is not a slug, and a missing --tenant", async () => {
    const dataDir = await freshDataDir();
    const bad = await keys(dataDir, ["create", "--tenant", "Acme Corp"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^reelay: --tenant: Tenant "Acme Corp" is not a valid name: use 1–64 lowercase/);
    const missing = await keys(dataDir, ["create"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--tenant <name>");
  });

  it("finds the database through --data-dir, before or after the subcommand, and refuses a dir with none", async () => {
    const dataDir = await freshDataDir();
    const elsewhere = await freshDataDir();
    const created = await runReelay(["keys", "--data-dir", dataDir, "create", "--tenant", "acme"], elsewhere);
    expect(created.code).toBe(0);
    expect(existsSync(path.join(dataDir, "reelay.db"))).toBe(true);
    const list = await runReelay(["keys", "list", "--data-dir", dataDir], elsewhere, { REELAY_DATA_DIR: elsewhere });
    expect(list.stdout).toMatch(/^\S{16}\s+acme\s/m);

    const none = await keys(elsewhere, ["list"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`No Reelay database at ${path.join(elsewhere, "reelay.db")}`);
    expect(existsSync(path.join(elsewhere, "reelay.db"))).toBe(false);
  });

  it("makes keys a running gateway on the same data dir accepts, until they are revoked", async () => {
    const dataDir = await freshDataDir();
    const gateway = await startTestGateway({ REELAY_DATA_DIR: dataDir });
    try {
      const jobs = (token?: string) =>
        fetch(`${gateway.url}/api/v1/jobs`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
      expect((await jobs()).status).toBe(200);
      const { token, key } = await createKey(dataDir, ["--tenant", "acme"]);
      // A second key keeps the server keyed after the first is revoked: with none left, a server
      // on loopback is open again to every local caller.
      await createKey(dataDir, ["--tenant", "acme", "--name", "spare"]);
      expect((await jobs()).status).toBe(401);
      expect((await jobs(token)).status).toBe(200);
      expect((await keys(dataDir, ["revoke", key.id])).code).toBe(0);
      expect((await jobs(token)).status).toBe(401);
    } finally {
      await gateway.dispose();
    }
  });
});
