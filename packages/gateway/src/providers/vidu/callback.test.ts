import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signViduCallback, viduSigningString } from "../shared/callback-signatures.ts";
import { VIDU_VECTOR as VECTOR } from "../shared/test-support/callback-vectors.ts";
import { inboundCallback, withoutHeader } from "../shared/test-support/inbound-callback.ts";
import { checkViduCallback } from "./callback.ts";
import { createViduProvider } from "./index.ts";

const { token: TOKEN, callbackUrl: URL_GIVEN, date: DATE, nonce: NONCE, headers: HEADERS } = VECTOR;
// The vector comes with a status body of vidu.md §5 (the body is not signed).
const BODY =
  '{ "id": "834561209874321408", "state": "queueing", "err_code": "", "credits": 10, "payload": "job_01JDX7Q2", "creations": [] }';

const callback = (headers: Record<string, string>, body = BODY, url: string = URL_GIVEN) =>
  inboundCallback(headers, body, url);

describe("checkViduCallback", () => {
  it("reads the documented test vector: the nonce, the Date and the status body's task id", () => {
    expect(checkViduCallback(callback(HEADERS), TOKEN)).toEqual({
      ok: true,
      messageId: NONCE,
      sentAtMs: Date.parse(DATE),
      taskIds: ["834561209874321408"],
    });
  });

  it("reads `task_id` when the body has no `id` (older editions, unverified)", () => {
    expect(
      checkViduCallback(callback(HEADERS, '{"task_id":"834561209874321409","state":"success"}'), TOKEN),
    ).toMatchObject({
      ok: true,
      taskIds: ["834561209874321409"],
    });
  });

  it("is unsigned without the HMAC headers, and forged for another URL or token", () => {
    const unsigned = withoutHeader(HEADERS, "X-HMAC-SIGNATURE");
    expect(checkViduCallback(callback(unsigned), TOKEN)).toMatchObject({ ok: false, reason: "unsigned" });
    const elsewhere = callback(HEADERS, BODY, "http://127.0.0.1:8080/vidu/callback?name=james&age=37");
    expect(checkViduCallback(elsewhere, TOKEN)).toMatchObject({ ok: false, reason: "forged" });
    expect(checkViduCallback(callback(HEADERS), "vda_other_token")).toMatchObject({ ok: false, reason: "forged" });
  });

  it("is malformed when signed but the task id, the Date or a signed nonce is missing", () => {
    for (const body of ['{"state":"success"}', '{"id":834561209874321408}', "not json"]) {
      expect(checkViduCallback(callback(HEADERS, body), TOKEN), body).toMatchObject({
        ok: false,
        reason: "malformed",
        message: expect.stringMatching(/task/),
      });
    }
    const url = new URL(URL_GIVEN);
    const undated = signViduCallback(TOKEN, { method: "POST", url, date: "yesterday", nonce: NONCE });
    expect(checkViduCallback(callback(undated), TOKEN)).toMatchObject({
      ok: false,
      reason: "malformed",
      message: expect.stringMatching(/timestamp/),
    });
    // Signed over the Date alone: the nonce could be changed, so it cannot tell a replay.
    const dateOnly = viduSigningString("POST", url, VECTOR.accessKey, DATE, [["Date", DATE]]);
    const signature = createHmac("sha256", TOKEN).update(dateOnly).digest("base64");
    const nonceUnsigned = { ...HEADERS, "X-HMAC-SIGNED-HEADERS": "Date", "X-HMAC-SIGNATURE": signature };
    expect(checkViduCallback(callback(nonceUnsigned), TOKEN)).toMatchObject({
      ok: false,
      reason: "malformed",
      message: expect.stringMatching(/x-request-nonce/),
    });
  });
});

describe("Vidu adapter callbacks", () => {
  it("checks callbacks whenever it has a key (the token signs them), and names tasks by Vidu's id", () => {
    expect(createViduProvider({}).parseCallback).toBeUndefined();
    const adapter = createViduProvider({ apiKey: ` ${TOKEN} ` });
    expect(adapter.parseCallback?.(callback(HEADERS))).toMatchObject({ ok: true, taskIds: ["834561209874321408"] });
    expect(adapter.upstreamId?.({ taskId: "834561209874321408", endpoint: "/text2video" })).toBe("834561209874321408");
    expect(adapter.upstreamId?.({ taskId: "not-vidu" })).toBeNull();
  });
});
