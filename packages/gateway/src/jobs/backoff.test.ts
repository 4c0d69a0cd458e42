import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "./backoff.ts";

const policy = { baseMs: 1_000, maxMs: 8_000 };

describe("backoffDelayMs", () => {
  it("grows exponentially within the jitter band", () => {
    expect(backoffDelayMs(1, policy, undefined, () => 0)).toBe(500);
    expect(backoffDelayMs(1, policy, undefined, () => 1)).toBe(1_000);
    expect(backoffDelayMs(3, policy, undefined, () => 1)).toBe(4_000);
    expect(backoffDelayMs(3, policy, undefined, () => 0)).toBe(2_000);
  });

  it("never exceeds the maximum", () => {
    expect(backoffDelayMs(30, policy, undefined, () => 1)).toBe(8_000);
  });

  it("honours a longer Retry-After and never shortens it", () => {
    expect(backoffDelayMs(1, policy, 30_000, () => 1)).toBe(30_000);
    expect(backoffDelayMs(5, policy, 10, () => 1)).toBe(1_000);
  });
});
