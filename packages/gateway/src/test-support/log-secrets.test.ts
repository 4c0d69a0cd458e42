import { describe, expect, it } from "vitest";
import { createApiKeyToken } from "../tenants/api-key-token.ts";
import { findSecrets, maskSecrets, type KnownSecret } from "./log-secrets.ts";

const SECRETS: KnownSecret[] = [
  { name: "planted key", value: "sk-planted-0123456789" },
  { name: "another key", value: "key_another_42" },
];

describe("scanning logs for secrets", () => {
  it("finds nothing in a clean log", () => {
    const log = ['{"level":30,"msg":"reelay listening"}', '{"authorization":"[redacted]","rly":"rly_short"}'].join(
      "\n",
    );
    expect(findSecrets(log, SECRETS)).toEqual([]);
  });

  it("reports the line of a planted provider key, masked", () => {
    const log = ['{"msg":"a"}', '{"msg":"b"}', `{"headers":{"authorization":"Bearer sk-planted-0123456789"}}`].join(
      "\n",
    );
    const findings = findSecrets(log, SECRETS);
    expect(findings).toEqual([
      { line: 3, found: ["planted key"], excerpt: '{"headers":{"authorization":"Bearer [masked: planted key]"}}' },
    ]);
    expect(JSON.stringify(findings)).not.toContain("sk-planted");
  });

  it("reports a real Reelay API token anywhere in a line, masked", () => {
    const { token } = createApiKeyToken();
    const findings = findSecrets(`[reelay keys stderr] created ${token}.\n`, SECRETS);
    expect(findings).toEqual([
      { line: 1, found: ["a Reelay API token"], excerpt: "[reelay keys stderr] created [masked: Reelay API token]." },
    ]);
  });

  it("masks every secret of a line and cuts a long line around the first", () => {
    const { masked, found } = maskSecrets("key_another_42 and sk-planted-0123456789, twice: key_another_42", SECRETS);
    expect(masked).toBe("[masked: another key] and [masked: planted key], twice: [masked: another key]");
    expect(found.toSorted()).toEqual(["another key", "planted key"]);
    const [finding] = findSecrets(`${"x".repeat(5_000)}sk-planted-0123456789${"y".repeat(5_000)}`, SECRETS);
    expect(finding?.excerpt).toMatch(/^…x+\[masked: planted key\]y+…$/);
    expect(finding?.excerpt.length).toBeLessThan(410);
  });

  it("refuses a secret too short to search for", () => {
    expect(() => findSecrets("", [{ name: "tiny", value: "k" }])).toThrow(/too short/);
  });
});
