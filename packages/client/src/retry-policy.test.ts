import { describe, expect, it } from "vitest";
import { ReelayApiError } from "./errors.ts";
import {
  backoffDelayMs,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  isRetryable,
  retryAfterMsFromHeaders,
} from "./retry-policy.ts";

const answer = (status: number, extra: Partial<ConstructorParameters<typeof ReelayApiError>[0]> = {}) =>
  new ReelayApiError({ status, code: "http_error", message: "x", ...extra });

describe("isRetryable", () => {
  it.each([408, 409, 429, 500, 502, 503, 504])("retries status %i", (status) => {
    expect(isRetryable(answer(status))).toBe(true);
  });

  it.each([400, 401, 403, 404, 410, 413, 422])("does not retry status %i", (status) => {
    expect(isRetryable(answer(status))).toBe(false);
  });

  it("retries network errors and timeouts but never aborts", () => {
    expect(isRetryable(answer(0, { code: "network_error" }))).toBe(true);
    expect(isRetryable(answer(0, { code: "timeout" }))).toBe(true);
    expect(isRetryable(answer(0, { code: "aborted", shouldRetry: true }))).toBe(false);
  });

  it("lets X-Should-Retry override the status", () => {
    expect(isRetryable(answer(409, { shouldRetry: false }))).toBe(false);
    expect(isRetryable(answer(422, { shouldRetry: true }))).toBe(true);
  });
});

describe("decideRetry", () => {
  it("waits the server's Retry-After when it is within the limit", () => {
    expect(decideRetry(answer(429, { retryAfterMs: 2000 }), 0, DEFAULT_RETRY_POLICY)).toEqual({
      retry: true,
      delayMs: 2000,
    });
  });

  it("gives up on a Retry-After above maxRetryAfterMs", () => {
    expect(decideRetry(answer(429, { retryAfterMs: 61_000 }), 0, DEFAULT_RETRY_POLICY)).toEqual({ retry: false });
  });

  it("stops after maxRetries", () => {
    expect(decideRetry(answer(503), 2, DEFAULT_RETRY_POLICY).retry).toBe(true);
    expect(decideRetry(answer(503), 3, DEFAULT_RETRY_POLICY).retry).toBe(false);
  });
});

describe("backoffDelayMs", () => {
  it("stays within the doubling ceiling, capped at 8 s", () => {
    for (let index = 0; index < 200; index++) {
      expect(backoffDelayMs(0)).toBeLessThanOrEqual(500);
      expect(backoffDelayMs(2)).toBeLessThanOrEqual(2000);
      expect(backoffDelayMs(10)).toBeLessThanOrEqual(8000);
    }
  });
});

describe("retryAfterMsFromHeaders", () => {
  it("reads seconds, milliseconds and HTTP dates", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(retryAfterMsFromHeaders(new Headers({ "retry-after": "3" }), now)).toBe(3000);
    expect(retryAfterMsFromHeaders(new Headers({ "retry-after-ms": "250", "retry-after": "3" }), now)).toBe(250);
    expect(retryAfterMsFromHeaders(new Headers({ "retry-after": "Wed, 01 Jan 2025 00:00:05 GMT" }), now)).toBe(5000);
    expect(retryAfterMsFromHeaders(new Headers({ "retry-after": "Tue, 31 Dec 2024 00:00:00 GMT" }), now)).toBe(0);
  });

  it("ignores missing and malformed values", () => {
    expect(retryAfterMsFromHeaders(new Headers())).toBeUndefined();
    expect(retryAfterMsFromHeaders(new Headers({ "retry-after": "soon" }))).toBeUndefined();
  });
});
