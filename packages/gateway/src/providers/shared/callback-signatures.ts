/**
 * The four callback signature schemes of Reelay's providers (shared/providers/README.md item 13):
 * signing, for the fakes, and verifying, for the adapters. Every comparison of signatures is
 * constant-time (`timingSafeEqual`, lengths checked first).
 */
import { timingSafeEqual } from "node:crypto";
import {
  hmacBase64,
  idTimestampContent,
  standardWebhookKey,
  standardWebhookSignature,
  type IdTimestampMessage,
} from "../../core/standard-webhooks.ts";

export type { IdTimestampMessage } from "../../core/standard-webhooks.ts";

/** What verifying a callback's signature found; a failure reads like a `CallbackCheck` failure. */
export type SignatureCheck = { ok: true } | { ok: false; reason: "unsigned" | "forged"; message: string };

const VERIFIED: SignatureCheck = { ok: true };
const unsigned = (message: string): SignatureCheck => ({ ok: false, reason: "unsigned", message });
const forged = (message: string): SignatureCheck => ({ ok: false, reason: "forged", message });
/** A secret that decodes to no bytes would let anyone sign: nothing verifies with it. */
const EMPTY_KEY = "the webhook secret decodes to an empty key, which verifies nothing";

/** Whether `given` is `expected`, in a time that does not depend on where they differ. */
function sameSignature(expected: string, given: string): boolean {
  const expectedBytes = Buffer.from(expected, "utf8");
  const givenBytes = Buffer.from(given, "utf8");
  return expectedBytes.length === givenBytes.length && timingSafeEqual(expectedBytes, givenBytes);
}

/** The `webhook-*` headers of a Standard Webhooks message (OpenAI, Gemini project webhooks) signed with `secret`. */
export function signStandardWebhook(secret: string, message: IdTimestampMessage): Record<string, string> {
  return {
    "webhook-id": message.id,
    "webhook-timestamp": message.timestamp,
    "webhook-signature": standardWebhookSignature(secret, message),
  };
}

/** Verifies a Standard Webhooks message: any `v1,<base64>` entry of `webhook-signature` may match. */
export function verifyStandardWebhook(secret: string, headers: Headers, body: Uint8Array): SignatureCheck {
  const id = headers.get("webhook-id");
  const timestamp = headers.get("webhook-timestamp");
  const signature = headers.get("webhook-signature");
  if (id === null || timestamp === null || signature === null) {
    return unsigned("webhook-id, webhook-timestamp or webhook-signature is missing");
  }
  const key = standardWebhookKey(secret);
  if (key.length === 0) return forged(EMPTY_KEY);
  const expected = hmacBase64(key, idTimestampContent({ id, timestamp, body }));
  const given = signature
    .split(" ")
    .filter((entry) => entry.startsWith("v1,"))
    .map((entry) => entry.slice("v1,".length));
  return given.some((candidate) => sameSignature(expected, candidate))
    ? VERIFIED
    : forged("no v1 signature in webhook-signature matches");
}

/** Pollo hands its webhook secret out base64-encoded; the key is the decoded bytes. */
const polloKey = (secretBase64: string): Buffer => Buffer.from(secretBase64, "base64");

/** The `X-Webhook-*` headers of a Pollo callback; the signature is bare base64, as Pollo documents. */
export function signPolloWebhook(secretBase64: string, message: IdTimestampMessage): Record<string, string> {
  return {
    "X-Webhook-Id": message.id,
    "X-Webhook-Timestamp": message.timestamp,
    "X-Webhook-Signature": hmacBase64(polloKey(secretBase64), idTimestampContent(message)),
  };
}

/**
 * Verifies a Pollo callback. Besides the documented bare value, `v1,<sig>` entries and
 * space-separated lists are accepted, in case Pollo sends the Standard Webhooks form.
 */
export function verifyPolloWebhook(secretBase64: string, headers: Headers, body: Uint8Array): SignatureCheck {
  const id = headers.get("x-webhook-id");
  const timestamp = headers.get("x-webhook-timestamp");
  const signature = headers.get("x-webhook-signature");
  if (id === null || timestamp === null || signature === null) {
    return unsigned("X-Webhook-Id, X-Webhook-Timestamp or X-Webhook-Signature is missing");
  }
  const key = polloKey(secretBase64);
  if (key.length === 0) return forged(EMPTY_KEY);
  const expected = hmacBase64(key, idTimestampContent({ id, timestamp, body }));
  const given = signature
    .split(" ")
    .filter((entry) => entry !== "" && (!entry.includes(",") || entry.startsWith("v1,")))
    .map((entry) => (entry.startsWith("v1,") ? entry.slice("v1,".length) : entry));
  return given.some((candidate) => sameSignature(expected, candidate))
    ? VERIFIED
    : forged("X-Webhook-Signature does not match");
}

/** Go's `url.QueryEscape`: only `A-Z a-z 0-9 - _ . ~` stay, space becomes `+`, the rest `%XX`. */
function goQueryEscape(value: string): string {
  // Go reads a lone surrogate in JSON as U+FFFD; encodeURIComponent would throw on it.
  const wellFormed = value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
  return encodeURIComponent(wellFormed)
    .replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

/**
 * One top-level value as text. Strings as they are, booleans `true`/`false`, integers plain.
 * unverified: how PixVerse writes floats (`10.5` is assumed to stay `10.5`, as JavaScript writes
 * it), `null` (assumed empty) and nested values (assumed JSON); its webhook bodies show none of them.
 */
function formValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null) return "";
  return JSON.stringify(value);
}

/**
 * PixVerse's signed payload: the body's top-level fields as a query string, keys sorted, values
 * escaped as Go's `url.Values.Encode` does.
 */
export function pixverseSignedPayload(body: Record<string, unknown>): string {
  return Object.keys(body)
    .toSorted()
    .map((key) => `${goQueryEscape(key)}=${goQueryEscape(formValue(body[key]))}`)
    .join("&");
}

export interface PixverseMessage {
  /** `Webhook-Timestamp` (Unix seconds) exactly as sent. */
  timestamp: string;
  /** `Webhook-Nonce`. */
  nonce: string;
  /** The JSON body, parsed: PixVerse signs its fields, not its bytes. */
  body: Record<string, unknown>;
}

const pixverseSignature = (secret: string, { timestamp, nonce, body }: PixverseMessage): string =>
  hmacBase64(secret, `${timestamp}\n${nonce}\n${pixverseSignedPayload(body)}`);

/** The `Webhook-*` headers of a PixVerse callback; the key is the secret's UTF-8 bytes. */
export function signPixverseWebhook(secret: string, message: PixverseMessage): Record<string, string> {
  return {
    "Webhook-Timestamp": message.timestamp,
    "Webhook-Nonce": message.nonce,
    "Webhook-Signature": pixverseSignature(secret, message),
  };
}

/** Verifies a PixVerse callback; a body that is not a JSON object cannot carry a valid signature. */
export function verifyPixverseWebhook(secret: string, headers: Headers, body: Uint8Array): SignatureCheck {
  const timestamp = headers.get("webhook-timestamp");
  const nonce = headers.get("webhook-nonce");
  const signature = headers.get("webhook-signature");
  if (timestamp === null || nonce === null || signature === null) {
    return unsigned("Webhook-Timestamp, Webhook-Nonce or Webhook-Signature is missing");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body).toString("utf8"));
  } catch {
    return forged("the body is not JSON, so no signature over its fields can match");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return forged("the body is not a JSON object, so no signature over its fields can match");
  }
  const expected = pixverseSignature(secret, { timestamp, nonce, body: parsed as Record<string, unknown> });
  return sameSignature(expected, signature) ? VERIFIED : forged("Webhook-Signature does not match");
}

/** `X-HMAC-ACCESS-KEY` as Vidu sends it; a line of the signing string. */
const VIDU_ACCESS_KEY = "vidu";
const VIDU_ALGORITHM = "hmac-sha256";

/**
 * Vidu's signing string, every line ending in `\n`: method, the callback URL's path ("/" if
 * empty) and query as given ("" if none), the access key, the `Date` value, then `Name:Value` for
 * each signed header in order. The body is not part of it.
 */
export function viduSigningString(
  method: string,
  url: URL,
  accessKey: string,
  date: string,
  signedHeaders: ReadonlyArray<readonly [name: string, value: string]>,
): string {
  const lines = [
    method.toUpperCase(),
    // A URL's path is never empty: an http(s) URL without one reads "/".
    url.pathname,
    url.search.replace(/^\?/, ""),
    accessKey,
    date,
    ...signedHeaders.map(([name, value]) => `${name}:${value}`),
  ];
  return lines.map((line) => `${line}\n`).join("");
}

export interface ViduMessage {
  method: string;
  /** The callback URL the task was created with. */
  url: URL;
  /** The `Date` header, e.g. `Tue, 24 Nov 2026 07:30:00 GMT`. */
  date: string;
  /** `x-request-nonce`. */
  nonce: string;
}

/** The six `Date`/`x-request-nonce`/`X-HMAC-*` headers of a Vidu callback; the key is the API token. */
export function signViduCallback(token: string, { method, url, date, nonce }: ViduMessage): Record<string, string> {
  const signed = [
    ["Date", date],
    ["x-request-nonce", nonce],
  ] as const;
  return {
    Date: date,
    "x-request-nonce": nonce,
    "X-HMAC-SIGNED-HEADERS": signed.map(([name]) => name).join(";"),
    "X-HMAC-SIGNATURE": hmacBase64(token, viduSigningString(method, url, VIDU_ACCESS_KEY, date, signed)),
    "X-HMAC-ALGORITHM": VIDU_ALGORITHM,
    "X-HMAC-ACCESS-KEY": VIDU_ACCESS_KEY,
  };
}

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The header names `X-HMAC-SIGNED-HEADERS` lists, in order. */
export function viduSignedHeaderNames(headers: Headers): string[] {
  return (headers.get("x-hmac-signed-headers") ?? "")
    .split(";")
    .map((name) => name.trim())
    .filter((name) => name !== "");
}

/** Verifies a Vidu callback against the URL it was sent to. It proves origin only: the body is unsigned. */
export function verifyViduCallback(
  token: string,
  callback: { method: string; url: URL; headers: Headers },
): SignatureCheck {
  const { headers } = callback;
  const signature = headers.get("x-hmac-signature");
  const date = headers.get("date");
  if (signature === null || date === null || headers.get("x-hmac-signed-headers") === null) {
    return unsigned("X-HMAC-SIGNATURE, X-HMAC-SIGNED-HEADERS or Date is missing");
  }
  const algorithm = headers.get("x-hmac-algorithm");
  if (algorithm !== null && algorithm.toLowerCase() !== VIDU_ALGORITHM) {
    return forged(`X-HMAC-ALGORITHM is ${algorithm}, not ${VIDU_ALGORITHM}`);
  }
  const signed: Array<[string, string]> = [];
  for (const name of viduSignedHeaderNames(headers)) {
    // `Headers.get` throws on a name that cannot be a header; such a name was never sent.
    const value = HEADER_NAME.test(name) ? headers.get(name) : null;
    if (value === null) return forged(`the signed header ${name} is missing`);
    signed.push([name, value]);
  }
  const accessKey = headers.get("x-hmac-access-key") ?? VIDU_ACCESS_KEY;
  const expected = hmacBase64(token, viduSigningString(callback.method, callback.url, accessKey, date, signed));
  return sameSignature(expected, signature) ? VERIFIED : forged("X-HMAC-SIGNATURE does not match");
}
