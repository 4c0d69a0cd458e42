import { describe, expect, it } from "vitest";
import { STANDARD_WEBHOOK_VECTOR } from "../shared/test-support/callback-vectors.ts";
import { standardWebhookCallback } from "../shared/test-support/inbound-callback.ts";
import { checkGeminiCallback, geminiOperationId } from "./callback.ts";
import { createGoogleProvider } from "./index.ts";

// google-veo.md §9's payload, signed with the secret of the OpenAI page's test vector, to which
// google-veo.md §9 refers (the same algorithm).
const SECRET = STANDARD_WEBHOOK_VECTOR.secret;
const BODY =
  '{ "type": "video.generated", "version": "v1", "timestamp": "2026-05-20T10:15:00Z", "data": { "id": "2s8kq1x0ab7c", "output_file_uri": "https://generativelanguage.googleapis.com/v1beta/files/k3v9m2q8zt1p:download?alt=media", "file_name": "files/k3v9m2q8zt1p" } }';

const signed = (body: string, timestamp = "1779272100") =>
  standardWebhookCallback(SECRET, { id: "wh_gemini_1", timestamp, body });

describe("checkGeminiCallback", () => {
  it("reads video.generated: webhook-id, webhook-timestamp and the operation id", () => {
    expect(checkGeminiCallback(signed(BODY), SECRET)).toEqual({
      ok: true,
      messageId: "wh_gemini_1",
      sentAtMs: 1_779_272_100_000,
      taskIds: ["2s8kq1x0ab7c"],
    });
  });

  it("maps a full operation name in data.id to its last segment (the value format is unverified)", () => {
    const named = BODY.replace('"2s8kq1x0ab7c"', '"models/veo-3.1-fast-generate-preview/operations/2s8kq1x0ab7c"');
    expect(checkGeminiCallback(signed(named), SECRET)).toMatchObject({ ok: true, taskIds: ["2s8kq1x0ab7c"] });
  });

  it("names no task for other events, and is malformed for a video event without data.id", () => {
    expect(checkGeminiCallback(signed('{"type":"batch.succeeded","data":{"id":"b1"}}'), SECRET)).toMatchObject({
      ok: true,
      taskIds: [],
    });
    expect(checkGeminiCallback(signed('{"type":"video.generated","data":{}}'), SECRET)).toMatchObject({
      ok: false,
      reason: "malformed",
    });
  });

  it("is unsigned without webhook headers, forged when the body was changed", () => {
    const callback = signed(BODY);
    callback.headers.delete("webhook-signature");
    expect(checkGeminiCallback(callback, SECRET)).toMatchObject({ ok: false, reason: "unsigned" });
    const changed = signed(BODY);
    changed.body = new TextEncoder().encode(BODY.replace("2s8kq1x0ab7c", "2s8kq1x0ab7d"));
    expect(checkGeminiCallback(changed, SECRET)).toMatchObject({ ok: false, reason: "forged" });
  });
});

describe("Google adapter callbacks", () => {
  it("checks callbacks only with a webhook secret; upstreamId is the operation name's last segment", async () => {
    const keyOnly = createGoogleProvider({ apiKey: "k" });
    const adapter = createGoogleProvider({ apiKey: "k", webhookSecret: SECRET });
    try {
      expect(keyOnly.parseCallback).toBeUndefined();
      expect(adapter.parseCallback?.(signed(BODY))).toMatchObject({ ok: true, taskIds: ["2s8kq1x0ab7c"] });
      const task = { operationName: "models/veo-3.1-fast-generate-preview/operations/2s8kq1x0ab7c" };
      expect(adapter.upstreamId?.(task)).toBe("2s8kq1x0ab7c");
      expect(adapter.upstreamId?.(task)).toBe(geminiOperationId(task.operationName));
      expect(adapter.upstreamId?.({ operationName: "../operations/x" })).toBeNull();
    } finally {
      await Promise.all([keyOnly.close?.(), adapter.close?.()]);
    }
  });
});
