import { describe, expect, it } from "vitest";
import { redact } from "./redact.ts";

describe("redact", () => {
  it("removes every secret and caps the length", () => {
    expect(redact("key=abcd1234 again abcd1234", ["abcd1234", undefined])).toBe("key=[redacted] again [redacted]");
    expect(redact("x".repeat(5_000), []).length).toBeLessThan(2_100);
  });
});
