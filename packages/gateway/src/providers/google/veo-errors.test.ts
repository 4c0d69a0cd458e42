import { describe, expect, it } from "vitest";
import { ProviderCallError } from "../../core/errors.ts";
import { durationToMs, googleErrorReader, notSentError, reclassifyKeyError } from "./veo-errors.ts";
import { VeoRequestError } from "./veo-options.ts";

describe("googleErrorReader", () => {
  const quota = {
    error: {
      code: 429,
      message: "You exceeded your current quota, please check your plan.",
      status: "RESOURCE_EXHAUSTED",
      details: [
        {
          "@type": "type.googleapis.com/google.rpc.QuotaFailure",
          violations: [{ quotaId: "GenerateRequestsPerMinutePerProjectPerModel-FreeTier" }],
        },
        { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "34.4s" },
      ],
    },
  };

  it("reads the message with its status, and RetryInfo's delay", () => {
    expect(googleErrorReader.message(quota)).toBe(
      "RESOURCE_EXHAUSTED: You exceeded your current quota, please check your plan.",
    );
    expect(googleErrorReader.retryAfterMs?.(quota)).toBe(34_400);
  });

  it("ignores bodies that are not Google errors", () => {
    expect(googleErrorReader.message({})).toBeUndefined();
    expect(googleErrorReader.message({ error: "invalid_grant" })).toBeUndefined();
    expect(
      googleErrorReader.retryAfterMs?.({ error: { code: 429, message: "x", details: ["nope", null] } }),
    ).toBeUndefined();
  });

  it.each([
    ["34.4s", 34_400],
    ["0s", 0],
    ["1.000000001s", 1_000],
    [{ seconds: 2, nanos: 500_000_000 }, 2_500],
    ["34.4", undefined],
    ["soon", undefined],
  ] as const)("reads the duration %j", (value, expected) => {
    expect(durationToMs(value)).toBe(expected);
  });
});

describe("reclassifyKeyError", () => {
  const invalidKey = new ProviderCallError(
    "google answered HTTP 400: INVALID_ARGUMENT: API key not valid. Please pass a valid API key..",
    {
      kind: "bad_request",
      retryable: false,
      delivery: "answered",
      status: 400,
      redactedBody: '{"error":{"details":[{"reason":"API_KEY_INVALID"}]}}',
    },
  );

  it("turns Google's 400 API_KEY_INVALID into an auth error naming the variable", () => {
    const error = reclassifyKeyError(invalidKey, "REELAY_GOOGLE_API_KEY");
    expect(error).toMatchObject({ kind: "auth", retryable: false, delivery: "answered", status: 400 });
    expect((error as Error).message).toMatch(/Check REELAY_GOOGLE_API_KEY\.$/);
  });

  it("leaves other errors alone", () => {
    const other = new ProviderCallError("bad", {
      kind: "bad_request",
      retryable: false,
      delivery: "answered",
      status: 400,
      redactedBody: "{}",
    });
    expect(reclassifyKeyError(other, "X")).toBe(other);
    const plain = new Error("x");
    expect(reclassifyKeyError(plain, "X")).toBe(plain);
  });
});

describe("notSentError", () => {
  it("makes a refused request a bad request that was never sent", () => {
    expect(notSentError("google", new VeoRequestError("no"))).toMatchObject({
      kind: "bad_request",
      retryable: false,
      delivery: "not_sent",
      message: "google: no",
    });
  });

  it("makes any other preparation failure retryable and never sent", () => {
    expect(notSentError("google", new Error("ENOENT: image gone"))).toMatchObject({
      kind: "unavailable",
      retryable: true,
      delivery: "not_sent",
      message: "google: could not prepare the request (ENOENT: image gone).",
    });
  });
});
