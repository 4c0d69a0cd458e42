import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgDatabase, type PgPool } from "../db/pg-database.ts";
import { createTestPgDatabase, type TestPgDatabase } from "../db/test-support/pg-test-database.ts";
import { loadMediaSecret, MEDIA_SECRET_NAME } from "../media/media-secret.ts";
import { createFileSecretKeeper } from "./file-secret-keeper.ts";
import { createPgSecretKeeper } from "./pg-secret-keeper.ts";
import type { SecretKeeper } from "./secret-keeper.ts";

/** What both keepers do: keep the first value made, hand it to every later and racing caller. */
function describeSecretKeeper(name: string, open: () => Promise<SecretKeeper>): void {
  describe(`${name} secret keeper`, () => {
    it("keeps the first secret made and gives it to every caller after, and to racing callers", async () => {
      const keeper = await open();
      const first = await keeper.keep("signing", () => randomBytes(40));
      expect(first.created).toBe(true);
      const again = await keeper.keep("signing", () => randomBytes(40));
      expect(again).toEqual({ value: first.value, created: false });

      const racing = await Promise.all(Array.from({ length: 6 }, () => keeper.keep("raced", () => randomBytes(40))));
      expect(racing.filter((kept) => kept.created)).toHaveLength(1);
      expect(new Set(racing.map((kept) => kept.value.toString("hex"))).size).toBe(1);
      expect(keeper.describe("signing")).toContain("signing");
    });

    it("signs media with the kept secret across restarts, and prefers a configured one", async () => {
      const kept = await loadMediaSecret(await open(), undefined);
      expect(kept.length).toBeGreaterThanOrEqual(32);
      expect(await loadMediaSecret(await open(), undefined)).toEqual(kept);
      const configured = "c".repeat(40);
      expect((await loadMediaSecret(await open(), configured)).toString("utf8")).toBe(configured);
    });
  });
}

describe("secret keepers", () => {
  let dataDir: string;
  let database: TestPgDatabase;
  let pool: PgPool;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "reelay-secrets-"));
    database = await createTestPgDatabase();
    pool = await openPgDatabase(database.url, { max: 4 });
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  describeSecretKeeper("file", async () => createFileSecretKeeper(dataDir));
  describeSecretKeeper("PostgreSQL", async () => createPgSecretKeeper(pool));

  it("keeps file secrets readable by their owner only", async () => {
    await loadMediaSecret(createFileSecretKeeper(dataDir), undefined);
    expect((await stat(path.join(dataDir, MEDIA_SECRET_NAME))).mode & 0o777).toBe(0o600);
  });

  it("refuses a kept media secret that was cut short instead of replacing it", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "reelay-secrets-short-"));
    try {
      await writeFile(path.join(dir, MEDIA_SECRET_NAME), "too short");
      await expect(loadMediaSecret(createFileSecretKeeper(dir), undefined)).rejects.toThrow(
        /shorter than 32 bytes; delete it to make a new one, or set REELAY_MEDIA_SECRET/,
      );
      expect(await readFile(path.join(dir, MEDIA_SECRET_NAME), "utf8")).toBe("too short");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
