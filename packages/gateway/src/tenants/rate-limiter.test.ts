import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limiter.ts";

describe("token bucket", () => {
  const rate = { requests: 2, windowSeconds: 10 };

  it("lets a burst of the full count through, then refills one token per window share", () => {
    const limiter = createRateLimiter();
    expect(limiter.take("a", rate, 0)).toMatchObject({ allowed: true, remaining: 1 });
    expect(limiter.take("a", rate, 0)).toMatchObject({ allowed: true, remaining: 0, resetSeconds: 10 });
    expect(limiter.take("a", rate, 1_000)).toMatchObject({ allowed: false, retryAfterSeconds: 4 });
    expect(limiter.take("a", rate, 5_000)).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.take("b", rate, 5_000)).toMatchObject({ allowed: true, remaining: 1 });
  });

  it("never holds more than the count, however long it was idle", () => {
    const limiter = createRateLimiter();
    limiter.take("a", rate, 0);
    expect(limiter.take("a", rate, 3_600_000)).toMatchObject({ allowed: true, remaining: 1 });
  });

  it("starts afresh when the tenant's rate changes", () => {
    const limiter = createRateLimiter();
    limiter.take("a", rate, 0);
    limiter.take("a", rate, 0);
    expect(limiter.take("a", { requests: 5, windowSeconds: 10 }, 0)).toMatchObject({ allowed: true, remaining: 4 });
  });
});
