import { describe, expect, it } from "vitest";
import { STANDARD_WEBHOOK_VECTOR as VECTOR } from "../shared/test-support/callback-vectors.ts";
import { inboundCallback, standardWebhookCallback, withoutHeader } from "../shared/test-support/inbound-callback.ts";
import { checkOpenAiCallback } from "./callback.ts";
import { createOpenAiProvider } from "./index.ts";

const { secret: SECRET, videoId: VIDEO_ID, body: BODY, headers: HEADERS } = VECTOR;

/** A callback signed with the secret, with this timestamp header and body. */
const signed = (body: string, timestamp: string = VECTOR.timestamp) =>
  standardWebhookCallback(SECRET, { id: "wh_2", timestamp, body });

describe("checkOpenAiCallback", () => {
  it("reads the documented test vector: webhook-id, webhook-timestamp and the video", () => {
    expect(checkOpenAiCallback(inboundCallback(HEADERS, BODY), SECRET)).toEqual({
      ok: true,
      messageId: VECTOR.id,
      sentAtMs: 1_764_000_300_000,
      taskIds: [VIDEO_ID],
    });
  });

  it("names the video of video.failed, and no task for other event types", () => {
    const failed = BODY.replace("video.completed", "video.failed");
    expect(checkOpenAiCallback(signed(failed), SECRET)).toMatchObject({ ok: true, taskIds: [VIDEO_ID] });
    const other = '{"id":"evt_1","object":"event","type":"response.completed","data":{"id":"resp_1"}}';
    expect(checkOpenAiCallback(signed(other), SECRET)).toMatchObject({ ok: true, taskIds: [] });
  });

  it("is unsigned without webhook headers and forged with another secret", () => {
    const unsigned = withoutHeader(HEADERS, "webhook-signature");
    expect(checkOpenAiCallback(inboundCallback(unsigned, BODY), SECRET)).toMatchObject({
      ok: false,
      reason: "unsigned",
    });
    expect(checkOpenAiCallback(inboundCallback(HEADERS, BODY), "whsec_b3RoZXI=")).toMatchObject({
      ok: false,
      reason: "forged",
    });
  });

  it("is malformed when signed but a video event names no video, or the timestamp is unreadable", () => {
    for (const body of [
      '{"type":"video.completed"}',
      '{"type":"video.completed","data":{}}',
      '{"data":{"id":"v"}}',
      "[]",
    ]) {
      expect(checkOpenAiCallback(signed(body), SECRET), body).toMatchObject({ ok: false, reason: "malformed" });
    }
    expect(checkOpenAiCallback(signed(BODY, "2026-11-24T07:30:00Z"), SECRET)).toMatchObject({
      ok: false,
      reason: "malformed",
      message: expect.stringMatching(/timestamp/),
    });
  });
});

describe("OpenAI adapter callbacks", () => {
  it("checks callbacks only with a webhook secret, and names tasks by the video id", () => {
    expect(createOpenAiProvider({ apiKey: "sk" }).parseCallback).toBeUndefined();
    const adapter = createOpenAiProvider({ apiKey: "sk", webhookSecret: SECRET });
    expect(adapter.parseCallback?.(inboundCallback(HEADERS, BODY))).toMatchObject({ ok: true });
    expect(adapter.upstreamId?.({ videoId: VIDEO_ID, model: "sora-2" })).toBe(VIDEO_ID);
    expect(adapter.upstreamId?.({ videoId: "../x" })).toBeNull();
  });
});
