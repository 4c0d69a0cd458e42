/**
 * How each provider's fake signs and acknowledges callbacks (shared/providers/*.md §9), for
 * `createFakeCallbacks`. Real providers retry for hours; the fakes retry a few times, quickly.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { signPixverseWebhook, signPolloWebhook, signStandardWebhook, signViduCallback } from "./callback-signatures.ts";
import type { FakeCallbackScheme } from "./fake-callbacks.ts";

const FEW_RETRIES = 3;
const unixSeconds = (ms: number): string => String(Math.floor(ms / 1000));
const isSuccess = (status: number): boolean => status >= 200 && status < 300;

/** Standard Webhooks (OpenAI, Gemini): a dashboard URL and a `whsec_…` secret; any 2xx acknowledges. */
export const standardWebhookScheme: FakeCallbackScheme = {
  newMessageId: () => `wh_${randomBytes(16).toString("hex")}`,
  sign: ({ messageId, body, sentAtMs, secret }) =>
    signStandardWebhook(secret, { id: messageId, timestamp: unixSeconds(sentAtMs), body }),
  acknowledged: isSuccess,
  retries: () => FEW_RETRIES,
  configurable: { url: true, secret: true },
};

/** Pollo: the request's `webhookUrl`, the account's base64 secret, bare base64 signatures. */
export const polloScheme: FakeCallbackScheme = {
  newMessageId: () => `msg_${randomBytes(12).toString("hex")}`,
  sign: ({ messageId, body, sentAtMs, secret }) =>
    signPolloWebhook(secret, { id: messageId, timestamp: unixSeconds(sentAtMs), body }),
  acknowledged: isSuccess,
  retries: () => FEW_RETRIES,
  configurable: { url: false, secret: true },
};

const NONCE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** PixVerse's `Webhook-Nonce`: 32 random characters of `[A-Za-z0-9]`. */
function pixverseNonce(): string {
  return [...randomBytes(32)].map((byte) => NONCE_ALPHABET[byte % NONCE_ALPHABET.length]).join("");
}

/**
 * PixVerse: a dashboard URL and secret (where they are set is unverified); only HTTP 200 with the
 * body exactly `ok` acknowledges.
 */
export const pixverseScheme: FakeCallbackScheme = {
  newMessageId: pixverseNonce,
  sign: ({ messageId, body, sentAtMs, secret }) =>
    signPixverseWebhook(secret, {
      timestamp: unixSeconds(sentAtMs),
      nonce: messageId,
      body: JSON.parse(body) as Record<string, unknown>,
    }),
  acknowledged: (status, text) => status === 200 && text === "ok",
  retries: () => FEW_RETRIES,
  configurable: { url: true, secret: true },
};

/**
 * Vidu: the request's `callback_url`, keyed by the token that created the task. Only `success` and
 * `failed` deliveries are retried, up to 3 times; what acknowledges is undocumented (2xx here).
 */
export const viduScheme: FakeCallbackScheme = {
  newMessageId: () => randomUUID(),
  sign: ({ messageId, sentAtMs, url, secret }) =>
    signViduCallback(secret, {
      method: "POST",
      url: new URL(url),
      date: new Date(sentAtMs).toUTCString(),
      nonce: messageId,
    }),
  acknowledged: isSuccess,
  retries: (status) => (status === "success" || status === "failed" ? 3 : 0),
  configurable: { url: false, secret: false },
};
