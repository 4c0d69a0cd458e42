import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RateLimiter } from "./rate-limiter.ts";

/** A fresh limiter for one test; `cleanup` removes what it made. */
export type OpenRateLimiter = () => Promise<{ limiter: RateLimiter; cleanup(): Promise<void> }>;

/** The suite every rate limiter passes: the token bucket as callers see it. */
export function describeRateLimiterContract(name: string, open: OpenRateLimiter): void {
  describe(`RateLimiter contract: ${name}`, () => {
    const rate = { requests: 2, windowSeconds: 10 };
    let current: Awaited<ReturnType<OpenRateLimiter>> | undefined;
    beforeEach(async () => {
      current = await open();
    });
    afterEach(async () => {
      await current?.cleanup();
    });
    const take = (key: string, at: number, taken = rate) => {
      if (current === undefined) throw new Error("The limiter is only available inside a test.");
      return current.limiter.take(key, taken, at);
    };

    it("lets a burst of the full count through, then refills one token per window share", async () => {
      expect(await take("a", 0)).toStrictEqual({
        allowed: true,
        limit: 2,
        remaining: 1,
        resetSeconds: 5,
        retryAfterSeconds: 0,
      });
      expect(await take("a", 0)).toMatchObject({ allowed: true, remaining: 0, resetSeconds: 10 });
      expect(await take("a", 1_000)).toStrictEqual({
        allowed: false,
        limit: 2,
        remaining: 0,
        resetSeconds: 9,
        retryAfterSeconds: 4,
      });
      expect(await take("a", 5_000)).toMatchObject({ allowed: true, remaining: 0 });
      expect(await take("b", 5_000)).toMatchObject({ allowed: true, remaining: 1 });
    });

    it("never holds more than the count, however long it was idle", async () => {
      await take("a", 0);
      expect(await take("a", 3_600_000)).toMatchObject({ allowed: true, remaining: 1 });
    });

    it("starts afresh when the tenant's rate changes", async () => {
      await take("a", 0);
      await take("a", 0);
      expect(await take("a", 0, { requests: 5, windowSeconds: 10 })).toMatchObject({ allowed: true, remaining: 4 });
    });

    it("grants no tokens for time a clock that went back counts again", async () => {
      await take("a", 10_000);
      await take("a", 10_000);
      expect(await take("a", 5_000)).toMatchObject({ allowed: false });
      expect(await take("a", 12_000)).toMatchObject({ allowed: false, retryAfterSeconds: 3 });
    });
  });
}
