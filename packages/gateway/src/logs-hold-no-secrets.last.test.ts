import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { KEY as GOOGLE_TEST_KEY } from "./providers/google/test-support/gemini-fake-client.ts";
import { TOKEN as VERTEX_TEST_TOKEN } from "./providers/google-vertex/test-support/vertex-fake-client.ts";
import { TEST_KEY as OPENAI_TEST_KEY } from "./providers/openai/test-support/fixtures.ts";
import { TEST_KEY as PIXVERSE_TEST_KEY } from "./providers/pixverse/test-support/fake-client.ts";
import { TEST_KEY as POLLO_TEST_KEY } from "./providers/pollo/test-support/fake-client.ts";
import { TEST_KEY as RUNWAY_TEST_KEY } from "./providers/runway/test-support/fake-client.ts";
import { TEST_KEY as VIDU_TEST_KEY } from "./providers/vidu/test-support/fake-client.ts";
import { findSecrets, type KnownSecret } from "./test-support/log-secrets.ts";
import { TEST_LOG_DIR } from "./test-support/test-log-directory.ts";

/*
 * Runs after every other test (the "last" Vitest project): the logs the run left in
 * test-artifacts/logs/ (every test gateway at debug, every spawned `reelay` process's output) must
 * hold no provider key the tests use and nothing shaped like a Reelay API token.
 */

/**
 * The provider keys the tests hand to gateways. Those not exported by a test-support module are
 * copied here; keep them in step with the files named.
 */
const SECRETS: KnownSecret[] = [
  { name: "google TEST KEY (gemini-fake-client.ts)", value: GOOGLE_TEST_KEY },
  { name: "google-vertex TOKEN (vertex-fake-client.ts)", value: VERTEX_TEST_TOKEN },
  { name: "openai TEST_KEY (openai/test-support/fixtures.ts)", value: OPENAI_TEST_KEY },
  { name: "pixverse TEST_KEY (pixverse/test-support/fake-client.ts)", value: PIXVERSE_TEST_KEY },
  { name: "pollo TEST_KEY (pollo/test-support/fake-client.ts)", value: POLLO_TEST_KEY },
  { name: "runway TEST_KEY (runway/test-support/fake-client.ts)", value: RUNWAY_TEST_KEY },
  { name: "vidu TEST_KEY (vidu/test-support/fake-client.ts)", value: VIDU_TEST_KEY },
  { name: "SANDBOX_KEY (provider-registry.ts)", value: "sandbox-key" },
  { name: "TEST_KEY (reliability/test-support/fake-environment.ts)", value: "reliability-test-key" },
  { name: "REELAY_GOOGLE_API_KEY (progress-estimated.test.ts)", value: "veo-key" },
  { name: "REELAY_OPENAI_API_KEY (event-fan-out.test.ts)", value: "sk-fan-out" },
  { name: "API_KEY (cli-server-connection.test.ts)", value: "rk_test_9f8e7d6c5b4a" },
  { name: "KEYS.google (providers-e2e.test.ts)", value: "AIzaSy-test-google-key-8d7c6b5a" },
  { name: "KEYS.google-vertex (providers-e2e.test.ts)", value: "ya29.test-vertex-token-1a2b3c4d" },
  { name: "KEYS.runway (providers-e2e.test.ts)", value: "key_test_runway_9f8e7d6c5b4a" },
  { name: "KEYS.openai (providers-e2e.test.ts)", value: "sk-test-openai-0a1b2c3d4e5f" },
  { name: "KEYS.pollo (providers-e2e.test.ts)", value: "pollo-test-key-5e6f7a8b9c" },
  { name: "KEYS.pixverse (providers-e2e.test.ts)", value: "pixverse-test-key-1f2e3d4c" },
  { name: "KEYS.vidu (providers-e2e.test.ts)", value: "vidu-test-key-6a7b8c9d0e" },
];

/**
 * Fewer lines than this means the logging itself broke, and a clean result would prove nothing. A
 * full run writes about 570 (December 2026); a run of a few files only fails here, as it should.
 */
const MIN_LINES = 300;

describe("the logs of the test run", () => {
  const files = readdirSync(TEST_LOG_DIR, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(TEST_LOG_DIR, entry.name));

  it("were written: gateways started and logged", () => {
    let lines = 0;
    let listening = 0;
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) lines++;
      listening += text.split('"msg":"reelay listening"').length - 1;
    }
    expect(lines, `${files.length} files in ${TEST_LOG_DIR}`).toBeGreaterThan(MIN_LINES);
    expect(listening, 'no "reelay listening" line: the test gateways did not log').toBeGreaterThan(0);
  });

  it("hold no provider key and no Reelay API token", () => {
    const leaks: string[] = [];
    for (const file of files) {
      for (const finding of findSecrets(readFileSync(file, "utf8"), SECRETS)) {
        leaks.push(`${file}:${finding.line}: ${finding.found.join(", ")}\n  ${finding.excerpt}`);
      }
    }
    expect(leaks.length, `secrets in the test logs (masked):\n${leaks.slice(0, 50).join("\n")}\n`).toBe(0);
  });
});
