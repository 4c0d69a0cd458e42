import { randomBytes } from "node:crypto";
import { standardWebhookSignature } from "../core/standard-webhooks.ts";

const SECRET_PREFIX = "whsec_";

/** What one webhook attempt signs: Standard Webhooks' `${id}.${timestamp}.${body}`. */
export interface SignedContent {
  /** The `webhook-id` header. */
  id: string;
  /** The `webhook-timestamp` header, Unix seconds. */
  timestampSeconds: number;
  /** The exact body sent. */
  body: string;
}

/** A new secret in Standard Webhooks form: `whsec_` and the base64 of 32 random bytes. */
export function createWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString("base64")}`;
}

/** Whether `secret` is `whsec_` followed by the base64 of at least 24 bytes. */
export function isWebhookSecret(secret: string): boolean {
  const encoded = secret.slice(SECRET_PREFIX.length);
  return (
    secret.startsWith(SECRET_PREFIX) &&
    /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) &&
    encoded.length % 4 === 0 &&
    Buffer.from(encoded, "base64").length >= 24
  );
}

/**
 * The `webhook-signature` header value: `v1,` and the base64 HMAC-SHA256 of the signed content,
 * keyed by the secret's decoded bytes (not its text), as every Standard Webhooks library verifies.
 */
export function signWebhook(secret: string, content: SignedContent): string {
  if (!isWebhookSecret(secret)) throw new Error("The webhook secret is not whsec_ + base64 of at least 24 bytes.");
  return standardWebhookSignature(secret, {
    id: content.id,
    timestamp: String(content.timestampSeconds),
    body: content.body,
  });
}
