import { describe, expect, it } from "vitest";
import { classifyPixverseError, pixverseEnvelopeError } from "./envelope.ts";

describe("classifyPixverseError", () => {
  it.each([
    [10001, "anything", "auth", false],
    [10005, "anything", "auth", false],
    [400012, "invalid account", "auth", false],
    [999, "API key expired", "auth", false],
    [500090, "whatever", "unavailable", false],
    [123456, "Insufficient credits", "unavailable", false],
    [500044, "limit", "rate_limited", true],
    [600001, "Too many concurrent tasks", "rate_limited", true],
    [400017, "invalid param", "bad_request", false],
    [400011, "empty parameter", "bad_request", false],
    [500054, "prompt rejected", "bad_request", false],
    [500063, "image rejected", "bad_request", false],
    [500001, "internal error", "unavailable", true],
  ] as const)("ErrCode %i %j → %s (retryable %s)", (code, message, kind, retryable) => {
    expect(classifyPixverseError(code, message)).toMatchObject({ kind, retryable });
  });

  it("keeps PixVerse's message, names the key variable on auth, and redacts the key", () => {
    const error = pixverseEnvelopeError(
      { ErrCode: 10002, ErrMsg: "key pv-secret-123 expired." },
      { status: 200, headers: new Headers(), nowMs: 0, body: '{"echo":"pv-secret-123"}', secrets: ["pv-secret-123"] },
    );
    expect(error.message).toBe(
      "pixverse answered ErrCode 10002: key [redacted] expired. Check REELAY_PIXVERSE_API_KEY.",
    );
    expect(error.redactedBody).toBe('{"echo":"[redacted]"}');
    expect(error).toMatchObject({ delivery: "answered", status: 200 });
  });

  it("takes a Retry-After header on a rate-limit envelope", () => {
    const error = pixverseEnvelopeError(
      { ErrCode: 500044, ErrMsg: "concurrent generation limit reached" },
      { status: 200, headers: new Headers({ "retry-after": "12" }), nowMs: 0, body: "{}", secrets: [] },
    );
    expect(error).toMatchObject({ kind: "rate_limited", retryAfterMs: 12_000 });
  });
});
