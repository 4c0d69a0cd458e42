import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import {
  pixverseSignedPayload,
  signPixverseWebhook,
  signPolloWebhook,
  signStandardWebhook,
  signViduCallback,
  verifyPixverseWebhook,
  verifyPolloWebhook,
  verifyStandardWebhook,
  verifyViduCallback,
  viduSigningString,
  type SignatureCheck,
} from "./callback-signatures.ts";
import {
  PIXVERSE_VECTOR,
  POLLO_VECTOR,
  STANDARD_WEBHOOK_VECTOR,
  VIDU_VECTOR,
} from "./test-support/callback-vectors.ts";
import { withoutHeader as without } from "./test-support/inbound-callback.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

/** Headers as they arrive: names in any case. */
const arrived = (headers: Record<string, string>) => new Headers(headers);

/** Expects `verify` to call the message unsigned when any one of `names` is missing from `headers`. */
function expectUnsignedWithoutEach(
  headers: Record<string, string>,
  names: readonly string[],
  verify: (given: Record<string, string>) => SignatureCheck,
): void {
  for (const name of names) {
    expect(verify(without(headers, name)), name).toMatchObject({ ok: false, reason: "unsigned" });
  }
}

describe("Standard Webhooks (OpenAI, Gemini)", () => {
  const { secret, body, headers } = STANDARD_WEBHOOK_VECTOR;

  it("signs the documented test vector", () => {
    const { id, timestamp } = STANDARD_WEBHOOK_VECTOR;
    const signed = signStandardWebhook(secret, { id, timestamp, body });
    expect(signed).toEqual(headers);
  });

  it("verifies the documented test vector, and any matching v1 entry of a list", () => {
    expect(verifyStandardWebhook(secret, arrived(headers), bytes(body))).toEqual({ ok: true });
    const listed = { ...headers, "webhook-signature": `v1,AAAA v1a,xyz ${headers["webhook-signature"]}` };
    expect(verifyStandardWebhook(secret, arrived(listed), bytes(body))).toEqual({ ok: true });
  });

  it("calls a tampered body, id or timestamp, another secret or a non-v1 signature forged", () => {
    const forged = { ok: false, reason: "forged" };
    expect(verifyStandardWebhook(secret, arrived(headers), bytes(body.replace("completed", "failed")))).toMatchObject(
      forged,
    );
    expect(verifyStandardWebhook(secret, arrived({ ...headers, "webhook-id": "wh_other" }), bytes(body))).toMatchObject(
      forged,
    );
    const later = { ...headers, "webhook-timestamp": "1764000301" };
    expect(verifyStandardWebhook(secret, arrived(later), bytes(body))).toMatchObject(forged);
    expect(verifyStandardWebhook("whsec_b3RoZXI=", arrived(headers), bytes(body))).toMatchObject(forged);
    const unversioned = { ...headers, "webhook-signature": headers["webhook-signature"].slice(3) };
    expect(verifyStandardWebhook(secret, arrived(unversioned), bytes(body))).toMatchObject(forged);
  });

  it("calls a message without any of its three headers unsigned", () => {
    expectUnsignedWithoutEach(headers, Object.keys(headers), (given) =>
      verifyStandardWebhook(secret, arrived(given), bytes(body)),
    );
  });

  it("agrees with the standardwebhooks package both ways", () => {
    const timestamp = new Date();
    const seconds = String(Math.floor(timestamp.getTime() / 1000));
    const ours = signStandardWebhook(secret, { id: "msg_1", timestamp: seconds, body });
    expect(() => new Webhook(secret).verify(body, ours)).not.toThrow();
    const theirs = { "webhook-id": "msg_2", "webhook-timestamp": seconds };
    const signature = new Webhook(secret).sign("msg_2", timestamp, body);
    expect(verifyStandardWebhook(secret, arrived({ ...theirs, "webhook-signature": signature }), bytes(body))).toEqual({
      ok: true,
    });
  });

  it("verifies nothing with a whsec_ secret that decodes to no bytes", () => {
    const emptyKey = signStandardWebhook("whsec_", { id: "msg_1", timestamp: "1764000300", body });
    expect(verifyStandardWebhook("whsec_", arrived(emptyKey), bytes(body))).toMatchObject({
      ok: false,
      reason: "forged",
    });
  });

  it("keys a secret without the whsec_ prefix with its UTF-8 bytes", () => {
    const timestamp = new Date();
    const raw = "plain-secret";
    const signed = signStandardWebhook(raw, {
      id: "msg_3",
      timestamp: String(Math.floor(timestamp.getTime() / 1000)),
      body,
    });
    expect(() => new Webhook(Buffer.from(raw), { format: "raw" }).verify(body, signed)).not.toThrow();
    expect(signed["webhook-signature"]).toBe(
      new Webhook(Buffer.from(raw), { format: "raw" }).sign("msg_3", timestamp, body),
    );
  });
});

describe("Pollo", () => {
  const { secret, id, timestamp, body, headers, signature } = POLLO_VECTOR;

  it("signs the documented test vector with a bare base64 signature", () => {
    expect(signPolloWebhook(secret, { id, timestamp, body })).toEqual(headers);
  });

  it("verifies the bare value, the v1 form and space-separated lists", () => {
    for (const given of [signature, `v1,${signature}`, `v1,AAAA ${signature}`, `AAAA v1,${signature}`]) {
      const check = verifyPolloWebhook(secret, arrived({ ...headers, "X-Webhook-Signature": given }), bytes(body));
      expect(check, given).toEqual({ ok: true });
    }
  });

  it("calls tampered messages, another secret or another version's signature forged", () => {
    const forged = { ok: false, reason: "forged" };
    expect(verifyPolloWebhook(secret, arrived(headers), bytes(body.replace("succeed", "failed")))).toMatchObject(
      forged,
    );
    const earlier = { ...headers, "X-Webhook-Timestamp": "1763999999" };
    expect(verifyPolloWebhook(secret, arrived(earlier), bytes(body))).toMatchObject(forged);
    // The secret's text rather than its decoded bytes is the wrong key.
    expect(verifyPolloWebhook(Buffer.from(secret).toString("base64"), arrived(headers), bytes(body))).toMatchObject(
      forged,
    );
    const otherVersion = { ...headers, "X-Webhook-Signature": `v2,${signature}` };
    expect(verifyPolloWebhook(secret, arrived(otherVersion), bytes(body))).toMatchObject(forged);
  });

  it("verifies nothing with a secret that decodes to no bytes", () => {
    const emptyKey = signPolloWebhook("!!!!", { id: "msg_1", timestamp, body });
    expect(verifyPolloWebhook("!!!!", arrived(emptyKey), bytes(body))).toMatchObject({ ok: false, reason: "forged" });
  });

  it("calls a message without any of its three headers unsigned", () => {
    expectUnsignedWithoutEach(headers, Object.keys(headers), (given) =>
      verifyPolloWebhook(secret, arrived(given), bytes(body)),
    );
  });
});

describe("PixVerse", () => {
  const { secret, timestamp, nonce, body, payload, headers } = PIXVERSE_VECTOR;
  const message = { timestamp, nonce, body: JSON.parse(body) as Record<string, unknown> };

  it("builds the documented payload and signs the documented test vector", () => {
    expect(pixverseSignedPayload(message.body)).toBe(payload);
    expect(signPixverseWebhook(secret, message)).toEqual(headers);
  });

  it("escapes values as Go's url.Values.Encode does", () => {
    expect(pixverseSignedPayload({ b: "a b!'()*~-_.:/?&=+é", a: false, c: 100 })).toBe(
      "a=false&b=a+b%21%27%28%29%2A~-_.%3A%2F%3F%26%3D%2B%C3%A9&c=100",
    );
    // A lone surrogate, which Go reads as U+FFFD, does not break the encoding.
    expect(pixverseSignedPayload({ a: "\ud800" })).toBe("a=%EF%BF%BD");
  });

  it("verifies the documented test vector, whatever the order of the body's fields", () => {
    expect(verifyPixverseWebhook(secret, arrived(headers), bytes(body))).toEqual({ ok: true });
    const reordered = '{"url":"https://example.com/video.mp4","has_audio":true, "status":1,"id":"123456789"}';
    expect(verifyPixverseWebhook(secret, arrived(headers), bytes(reordered))).toEqual({ ok: true });
  });

  it("calls a changed field, nonce or secret, or a body that is not a JSON object, forged", () => {
    const forged = { ok: false, reason: "forged" };
    expect(
      verifyPixverseWebhook(secret, arrived(headers), bytes(body.replace('"status":1', '"status":7'))),
    ).toMatchObject(forged);
    const otherNonce = { ...headers, "Webhook-Nonce": "b1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6" };
    expect(verifyPixverseWebhook(secret, arrived(otherNonce), bytes(body))).toMatchObject(forged);
    expect(verifyPixverseWebhook("another-secret", arrived(headers), bytes(body))).toMatchObject(forged);
    for (const notAnObject of ["not json", "[1,2]", "null"]) {
      expect(verifyPixverseWebhook(secret, arrived(headers), bytes(notAnObject)), notAnObject).toMatchObject(forged);
    }
  });

  it("calls a message without any of its three headers unsigned", () => {
    expectUnsignedWithoutEach(headers, Object.keys(headers), (given) =>
      verifyPixverseWebhook(secret, arrived(given), bytes(body)),
    );
  });
});

describe("Vidu", () => {
  const { token, date, nonce, accessKey, signingString, headers } = VIDU_VECTOR;
  const url = new URL(VIDU_VECTOR.callbackUrl);
  const verify = (given: Record<string, string>, at = url, method = "POST") =>
    verifyViduCallback(token, { method, url: at, headers: arrived(given) });

  it("builds the documented signing string and signs the documented test vector", () => {
    const signed = [
      ["Date", date],
      ["x-request-nonce", nonce],
    ] as const;
    expect(viduSigningString("post", url, accessKey, date, signed)).toBe(signingString);
    expect(viduSigningString("POST", new URL("http://127.0.0.1:8080"), "vidu", date, [])).toBe(
      `POST\n/\n\nvidu\n${date}\n`,
    );
    expect(signViduCallback(token, { method: "POST", url, date, nonce })).toEqual(headers);
  });

  it("verifies the documented test vector", () => {
    expect(verify(headers)).toEqual({ ok: true });
    const { "X-HMAC-ALGORITHM": _algorithm, ...withoutAlgorithm } = headers;
    expect(verify(withoutAlgorithm)).toEqual({ ok: true });
  });

  it("calls another path, query, method, token, Date or nonce forged", () => {
    const forged = { ok: false, reason: "forged" };
    expect(verify(headers, new URL("http://127.0.0.1:8080/vidu/other?name=james&age=36"))).toMatchObject(forged);
    expect(verify(headers, new URL("http://127.0.0.1:8080/vidu/callback?age=36&name=james"))).toMatchObject(forged);
    expect(verify(headers, url, "PUT")).toMatchObject(forged);
    expect(verifyViduCallback("vda_other", { method: "POST", url, headers: arrived(headers) })).toMatchObject(forged);
    expect(verify({ ...headers, Date: "Tue, 24 Nov 2026 07:30:01 GMT" })).toMatchObject(forged);
    expect(verify({ ...headers, "x-request-nonce": "another" })).toMatchObject(forged);
  });

  it("calls another algorithm, a listed header that is missing or cannot be a header name forged", () => {
    const forged = { ok: false, reason: "forged" };
    expect(verify({ ...headers, "X-HMAC-ALGORITHM": "hmac-sha1" })).toMatchObject(forged);
    expect(verify(without(headers, "x-request-nonce"))).toMatchObject(forged);
    expect(verify({ ...headers, "X-HMAC-SIGNED-HEADERS": "Date;bad header" })).toMatchObject(forged);
  });

  it("calls a callback without its signature, signed-header list or Date unsigned", () => {
    expectUnsignedWithoutEach(headers, ["X-HMAC-SIGNATURE", "X-HMAC-SIGNED-HEADERS", "Date"], (given) => verify(given));
  });
});
