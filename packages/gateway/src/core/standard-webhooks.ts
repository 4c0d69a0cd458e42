import { createHmac } from "node:crypto";

/**
 * The signing of Standard Webhooks (https://www.standardwebhooks.com/), shared by the webhooks
 * Reelay sends and the provider callbacks it verifies (OpenAI, Gemini; Pollo signs the same bytes).
 */
export interface IdTimestampMessage {
  /** The message id header. */
  id: string;
  /** The timestamp header exactly as sent (Unix seconds). */
  timestamp: string;
  /** The raw body bytes, or its text. */
  body: Uint8Array | string;
}

const SECRET_PREFIX = "whsec_";

/** The signed bytes: `${id}.${timestamp}.${raw body}`. */
export function idTimestampContent({ id, timestamp, body }: IdTimestampMessage): Buffer {
  const rawBody = typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body);
  return Buffer.concat([Buffer.from(`${id}.${timestamp}.`, "utf8"), rawBody]);
}

/** base64(HMAC-SHA256(key, content)). */
export function hmacBase64(key: Uint8Array | string, content: Uint8Array | string): string {
  return createHmac("sha256", key).update(content).digest("base64");
}

/** `whsec_<base64>` is the base64-decoded part after the prefix; any other secret, its UTF-8 bytes. */
export function standardWebhookKey(secret: string): Buffer {
  return secret.startsWith(SECRET_PREFIX)
    ? Buffer.from(secret.slice(SECRET_PREFIX.length), "base64")
    : Buffer.from(secret);
}

/** The `webhook-signature` value of `message`: `v1,` and the base64 HMAC-SHA256 of its signed bytes. */
export function standardWebhookSignature(secret: string, message: IdTimestampMessage): string {
  return `v1,${hmacBase64(standardWebhookKey(secret), idTimestampContent(message))}`;
}
