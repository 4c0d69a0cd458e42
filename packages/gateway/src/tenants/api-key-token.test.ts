import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createApiKeyToken, parseApiKeyToken, secretMatches } from "./api-key-token.ts";
import { isLoopbackHost } from "./loopback-host.ts";

describe("API key tokens", () => {
  it("are unique, parse back into id and secret, and keep only the secret's hash", () => {
    const first = createApiKeyToken();
    const second = createApiKeyToken();
    expect(first.token).not.toBe(second.token);
    const parsed = parseApiKeyToken(first.token);
    expect(parsed?.id).toBe(first.id);
    expect(first.secretSha256).toBe(
      createHash("sha256")
        .update(parsed?.secret ?? "")
        .digest("hex"),
    );
    expect(first.secretSha256).not.toContain(parsed?.secret ?? "-");
    expect(secretMatches(parsed?.secret ?? "", first.secretSha256)).toBe(true);
    expect(secretMatches(`${parsed?.secret.slice(0, -1)}x`, first.secretSha256)).toBe(false);
  });

  it("refuses what is not shaped like a token", () => {
    for (const token of ["", "unused", "rly_short_secret", `rly_${"a".repeat(16)}_${"b".repeat(42)}`, "sk-proj-abc"]) {
      expect(parseApiKeyToken(token)).toBeNull();
    }
  });
});

describe("loopback hosts", () => {
  it("are localhost, 127.0.0.0/8 and ::1, and nothing else", () => {
    for (const host of ["localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]"]) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ["0.0.0.0", "::", "192.168.1.4", "example.com", "10.0.0.1"])
      expect(isLoopbackHost(host)).toBe(false);
  });
});
