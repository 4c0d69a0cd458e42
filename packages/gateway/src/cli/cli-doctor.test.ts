import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPgDatabase, type TestPgDatabase } from "../db/test-support/pg-test-database.ts";
import { readMigrations } from "../db/migration-files.ts";
import { PG_MIGRATIONS_DIRECTORY } from "../db/pg-migrations.ts";
import { startTestS3Server, type TestS3Server } from "../media/test-support/s3-test-server.ts";
import { FAKES, type FakeProviderId } from "../provider-registry.ts";
import { KEY as GOOGLE_KEY } from "../providers/google/test-support/gemini-fake-client.ts";
import { TOKEN as VERTEX_TOKEN } from "../providers/google-vertex/test-support/vertex-fake-client.ts";
import { TEST_KEY as OPENAI_KEY } from "../providers/openai/test-support/fixtures.ts";
import { TEST_KEY as PIXVERSE_KEY } from "../providers/pixverse/test-support/fake-client.ts";
import { TEST_KEY as POLLO_KEY } from "../providers/pollo/test-support/fake-client.ts";
import { TEST_KEY as RUNWAY_KEY } from "../providers/runway/test-support/fake-client.ts";
import { TEST_KEY as VIDU_KEY } from "../providers/vidu/test-support/fake-client.ts";
import { serveFake, type ServedFake } from "../providers/shared/fake-server.ts";
import type { DoctorReport } from "./doctor/doctor-check.ts";
import { EXIT } from "./exit-codes.ts";
import { FAKE_SETTINGS } from "./start-fake.ts";
import { expectBuiltCli, runReelay, type RunResult } from "./test-support/run-reelay.ts";

/** The keys the fakes accept; the logs check of the last tests knows them all. */
const KEYS: Record<FakeProviderId, string> = {
  google: GOOGLE_KEY,
  "google-vertex": VERTEX_TOKEN,
  runway: RUNWAY_KEY,
  openai: OPENAI_KEY,
  pollo: POLLO_KEY,
  pixverse: PIXVERSE_KEY,
  vidu: VIDU_KEY,
};
const PROVIDERS = Object.keys(KEYS) as FakeProviderId[];
const WRONG_RUNWAY_KEY = "key_doctor_wrong_5e4d3c";

/** `NAME=value` lines → an environment. */
function environmentOf(lines: string[]): Record<string, string> {
  return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
}

function expectNoSecret(result: RunResult, secrets: string[]): void {
  for (const secret of secrets) expect(result.stdout + result.stderr).not.toContain(secret);
}

/** The report's line for `name`, e.g. `✓ provider runway  key accepted: …`. */
function lineOf(result: RunResult, name: string): string {
  const line = result.stdout.split("\n").find((text) => new RegExp(`^[✓✗–] ${name} `).test(text));
  expect(line, `a line for ${name} in:\n${result.stdout}`).toBeDefined();
  return line ?? "";
}

describe("reelay doctor", () => {
  let dataDir: string;
  const served: ServedFake[] = [];
  const closers: Array<() => void> = [];
  /** Every provider pointed at its served fake with the key it accepts. */
  let fakes: Record<string, string> = {};

  const doctor = (args: string[], environment: Record<string, string> = {}) =>
    runReelay(["doctor", "--data-dir", dataDir, ...args], dataDir, { ...fakes, ...environment });

  beforeAll(async () => {
    expectBuiltCli();
    dataDir = await mkdtemp(path.join(tmpdir(), "reelay-doctor-"));
    for (const id of PROVIDERS) {
      const fake = FAKES[id]({ apiKey: KEYS[id] });
      if (fake.close) closers.push(fake.close);
      const server = await serveFake(fake.app);
      served.push(server);
      fakes = { ...fakes, ...environmentOf(FAKE_SETTINGS[id](server.url, KEYS[id])) };
    }
    expect((await runReelay(["migrate", "--data-dir", dataDir], dataDir)).code).toBe(0);
  });
  afterAll(async () => {
    await Promise.all(served.map((server) => server.close()));
    for (const close of closers) close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("passes every check with every provider's fake configured, printing no key", async () => {
    const result = await doctor([]);
    expect(result.code, result.stdout).toBe(EXIT.ok);
    expect(lineOf(result, "configuration")).toContain(
      `database SQLite ${path.join(dataDir, "reelay.db")}; media files in ${path.join(dataDir, "media")}`,
    );
    expect(lineOf(result, "configuration")).toContain(`providers local, ${PROVIDERS.join(", ")}`);
    expect(lineOf(result, "database")).toMatch(
      /^✓ database +SQLite .* is reachable, schema version \d+, up to date\.$/,
    );
    expect(lineOf(result, "storage")).toMatch(/^✓ storage +files in .*: wrote, read back and deleted a \d+-byte probe/);
    expect(lineOf(result, "media codecs")).toMatch(/H\.264 \(avc1\.[0-9a-f]+\) \+ AAC.*WebP thumbnail/);
    expect(lineOf(result, "provider local")).toMatch(/^✓ /);
    for (const id of PROVIDERS) expect(lineOf(result, `provider ${id}`)).toMatch(/^✓ provider \S+ +key accepted: /);
    expect(lineOf(result, "provider pollo")).toContain("1000000 of 1000000 credits available");
    expect(result.stdout).toContain(`${PROVIDERS.length + 5} passed, 0 failed, 0 skipped: all checks passed.`);
    expectNoSecret(result, Object.values(KEYS));
    // The probe object is gone again.
    expect(await readdir(path.join(dataDir, "media"))).toEqual([]);
  });

  it("prints the same report as JSON for scripts with --json", async () => {
    const result = await doctor(["--json"]);
    expect(result.code).toBe(EXIT.ok);
    const report = JSON.parse(result.stdout) as DoctorReport;
    expect(report).toMatchObject({ ok: true, summary: { pass: PROVIDERS.length + 5, fail: 0, skip: 0 } });
    expect(report.checks.map((check) => check.name)).toEqual([
      "configuration",
      "database",
      "storage",
      "media codecs",
      ...["local", ...PROVIDERS].map((id) => `provider ${id}`),
    ]);
    expect(report.checks.find((check) => check.provider === "runway")).toMatchObject({
      status: "pass",
      detail: "key accepted: 10000 credits left",
    });
    expectNoSecret(result, Object.values(KEYS));
  });

  it("fails the provider whose key is refused, with the provider's refusal, and skips unconfigured ones", async () => {
    const result = await doctor([], { REELAY_RUNWAY_API_KEY: WRONG_RUNWAY_KEY, REELAY_VIDU_API_KEY: "" });
    expect(result.code).toBe(EXIT.checksFailed);
    expect(lineOf(result, "provider runway")).toMatch(
      /^✗ provider runway +key refused: runway answered HTTP 401: Unauthorized: a valid API key must be passed as a Bearer token\. Check REELAY_RUNWAY_API_KEY\.$/,
    );
    expect(lineOf(result, "provider vidu")).toMatch(/^– provider vidu +Vidu needs an API key: set REELAY_VIDU_API_KEY/);
    expect(lineOf(result, "provider pollo")).toMatch(/^✓ /);
    expect(result.stdout).toContain("1 failed, 1 skipped: fix the ✗ lines above.");
    expectNoSecret(result, [WRONG_RUNWAY_KEY, ...Object.values(KEYS)]);

    const json = JSON.parse(
      (await doctor(["--json"], { REELAY_RUNWAY_API_KEY: WRONG_RUNWAY_KEY })).stdout,
    ) as DoctorReport;
    expect(json.ok).toBe(false);
    expect(json.checks.find((check) => check.provider === "runway")?.status).toBe("fail");
  });

  it("says a provider with half its settings is misconfigured, rather than skipping it", async () => {
    const result = await doctor([], { REELAY_GOOGLE_VERTEX_PROJECT: "" });
    expect(result.code).toBe(EXIT.checksFailed);
    expect(lineOf(result, "provider google-vertex")).toMatch(
      /^✗ provider google-vertex +incomplete settings: REELAY_GOOGLE_VERTEX_PROJECT is not set$/,
    );
  });

  it("reports a bad configuration as a failed check with its message, not a stack", async () => {
    const result = await doctor([], { REELAY_PORT: "eighty", REELAY_S3_PREFIX: "videos/" });
    expect(result.code).toBe(EXIT.checksFailed);
    expect(lineOf(result, "configuration")).toMatch(/^✗ configuration +Invalid configuration:$/);
    expect(result.stdout).toMatch(/\n {17,}REELAY_PORT: /);
    expect(lineOf(result, "database")).toMatch(/^– database +needs a valid configuration$/);
    expect(lineOf(result, "media codecs")).toMatch(/^✓ /);
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);

    const s3 = await doctor([], { REELAY_S3_PREFIX: "videos/" });
    expect(lineOf(s3, "configuration")).toContain("REELAY_S3_PREFIX set without REELAY_S3_BUCKET");
  });

  it("passes a fresh install whose database the first start will create, and creates none itself", async () => {
    const fresh = await mkdtemp(path.join(tmpdir(), "reelay-doctor-fresh-"));
    try {
      const result = await runReelay(["doctor", "--data-dir", fresh], fresh, fakes);
      expect(lineOf(result, "database")).toMatch(/^– database +SQLite .*reelay\.db does not exist yet; `reelay serve`/);
      expect(result.code).toBe(EXIT.ok);
      expect(await readdir(fresh)).not.toContain("reelay.db");
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });

  describe("on PostgreSQL", () => {
    let database: TestPgDatabase;
    beforeAll(async () => {
      database = await createTestPgDatabase();
    });
    afterAll(async () => {
      await database?.drop();
    });

    it("reports the pending migrations of an unmigrated database without applying them, then passes once migrated", async () => {
      const pending = readMigrations(PG_MIGRATIONS_DIRECTORY);
      const environment = { REELAY_DATABASE_URL: database.url };
      const result = await doctor([], environment);
      expect(result.code).toBe(EXIT.checksFailed);
      expect(lineOf(result, "database")).toMatch(
        new RegExp(
          `^✗ database +PostgreSQL 127\\.0\\.0\\.1:5432/\\w+ \\(server [\\d.]+.*\\) is reachable at schema version 0, with ${pending.length} migration\\(s\\) pending \\(0001_.*\\); run \`reelay migrate\`\\.$`,
        ),
      );
      expect(result.stdout).not.toContain(database.schema);
      // Nothing was created in the schema.
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const tables = await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = $1", [
          database.schema,
        ]);
        expect(tables.rows).toEqual([]);
      } finally {
        await client.end();
      }

      expect((await runReelay(["migrate"], dataDir, environment)).code).toBe(0);
      const migrated = await doctor([], environment);
      expect(lineOf(migrated, "database")).toMatch(
        new RegExp(`^✓ database .* is reachable, schema version ${pending.at(-1)?.version}, up to date\\.$`),
      );
      expect(migrated.code).toBe(EXIT.ok);
    });

    it("names an unreachable database by host and database only, never its password", async () => {
      const result = await doctor([], { REELAY_DATABASE_URL: "postgres://reelay:doctor-s3cret-pw@127.0.0.1:1/none" });
      expect(result.code).toBe(EXIT.checksFailed);
      expect(lineOf(result, "database")).toMatch(
        /^✗ database +Cannot reach the PostgreSQL database 127\.0\.0\.1:1\/none: .*ECONNREFUSED/,
      );
      expect(lineOf(result, "configuration")).toContain("database PostgreSQL 127.0.0.1:1/none;");
      expectNoSecret(result, ["doctor-s3cret-pw"]);
    });
  });

  describe("with media on S3", () => {
    let s3: TestS3Server;
    const settings = () => ({
      REELAY_S3_BUCKET: s3.bucket,
      REELAY_S3_ENDPOINT: s3.endpoint,
      REELAY_S3_FORCE_PATH_STYLE: "true",
      REELAY_S3_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      REELAY_S3_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    });
    beforeAll(async () => {
      s3 = await startTestS3Server("reelay-doctor");
    });
    afterAll(async () => {
      await s3?.close();
    });

    it("writes, reads and deletes the probe in the bucket, and fails with credentials the bucket refuses", async () => {
      const result = await doctor([], settings());
      expect(lineOf(result, "storage")).toMatch(
        /^✓ storage +S3 bucket reelay-doctor, at http:\/\/127\.0\.0\.1:\d+ \(us-east-1\): wrote, read back and deleted/,
      );
      expect(result.code).toBe(EXIT.ok);

      const refused = await doctor([], { ...settings(), REELAY_S3_SECRET_ACCESS_KEY: "doctor-wrong-s3-secret" });
      expect(lineOf(refused, "storage")).toMatch(
        /^✗ storage +S3 bucket reelay-doctor.*: writing a probe object failed: /,
      );
      expect(refused.code).toBe(EXIT.checksFailed);
      expectNoSecret(refused, ["doctor-wrong-s3-secret"]);
    });
  });
});
