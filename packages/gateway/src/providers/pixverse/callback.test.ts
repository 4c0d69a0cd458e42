import { describe, expect, it } from "vitest";
import { PIXVERSE_VECTOR as VECTOR } from "../shared/test-support/callback-vectors.ts";
import { inboundCallback, pixverseCallback, withoutHeader } from "../shared/test-support/inbound-callback.ts";
import { checkPixverseCallback } from "./callback.ts";
import { createPixverseProvider } from "./index.ts";

const { secret: SECRET, body: BODY, videoId: VIDEO_ID } = VECTOR;
/** The vector's headers as PixVerse sends them, with the (unsigned) trace id. */
const HEADERS = { ...VECTOR.headers, "Ai-Trace-Id": "2d1c5d5e-6f0a-4f43-9f61-0c2f7c7b0e11" };

/** A callback signed with the secret, with this timestamp header and body. */
const signed = (timestamp: string, body: string) => pixverseCallback(SECRET, { timestamp, nonce: "n0nce", body });

describe("checkPixverseCallback", () => {
  it("reads the documented test vector: the nonce, the timestamp and the video id", () => {
    expect(checkPixverseCallback(inboundCallback(HEADERS, BODY), SECRET)).toEqual({
      ok: true,
      messageId: VECTOR.nonce,
      sentAtMs: 1_764_000_000_000,
      taskIds: [VIDEO_ID],
    });
  });

  it("reads an integer id as the same string", () => {
    expect(checkPixverseCallback(signed("1764000000", '{"id":123456789,"status":7}'), SECRET)).toMatchObject({
      ok: true,
      taskIds: ["123456789"],
    });
  });

  it("is unsigned without the Webhook headers and forged when a field was changed", () => {
    const unsigned = withoutHeader(HEADERS, "Webhook-Nonce");
    expect(checkPixverseCallback(inboundCallback(unsigned, BODY), SECRET)).toMatchObject({
      ok: false,
      reason: "unsigned",
    });
    const moderated = BODY.replace('"status":1', '"status":7');
    expect(checkPixverseCallback(inboundCallback(HEADERS, moderated), SECRET)).toMatchObject({
      ok: false,
      reason: "forged",
    });
  });

  it("is malformed when signed but without a readable id or timestamp", () => {
    for (const body of ['{"status":1}', '{"id":"video-1"}', '{"id":1.5}']) {
      expect(checkPixverseCallback(signed("1764000000", body), SECRET), body).toMatchObject({
        ok: false,
        reason: "malformed",
        message: expect.stringMatching(/task/),
      });
    }
    expect(checkPixverseCallback(signed("2026-11-24 07:30:00", BODY), SECRET)).toMatchObject({
      ok: false,
      reason: "malformed",
      message: expect.stringMatching(/timestamp/),
    });
  });
});

describe("PixVerse adapter callbacks", () => {
  it("checks callbacks only with a webhook secret, and names tasks by the video id", () => {
    expect(createPixverseProvider({ apiKey: "key" }).parseCallback).toBeUndefined();
    const adapter = createPixverseProvider({ apiKey: "key", webhookSecret: SECRET });
    expect(adapter.parseCallback?.(inboundCallback(HEADERS, BODY))).toMatchObject({ ok: true });
    expect(adapter.upstreamId?.({ videoId: VIDEO_ID, traceId: "t", model: "v4.5" })).toBe(VIDEO_ID);
    expect(adapter.upstreamId?.({ videoId: 123456789 })).toBeNull();
  });
});
