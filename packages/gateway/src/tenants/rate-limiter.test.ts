import { createRateLimiter } from "./rate-limiter.ts";
import { describeRateLimiterContract } from "./rate-limiter.contract.ts";

describeRateLimiterContract("in memory", async () => ({ limiter: createRateLimiter(), cleanup: async () => {} }));
