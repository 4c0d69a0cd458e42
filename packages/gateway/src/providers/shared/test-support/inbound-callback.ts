import type { InboundCallback } from "../../provider.ts";
import { signPixverseWebhook, signPolloWebhook, signStandardWebhook } from "../callback-signatures.ts";

/** A callback as the gateway hands it to `parseCallback`: a POST to `url` with these headers and body. */
export function inboundCallback(
  headers: Record<string, string>,
  body: string,
  url = "https://gateway.example/callbacks/test",
): InboundCallback {
  return { method: "POST", url: new URL(url), headers: new Headers(headers), body: new TextEncoder().encode(body) };
}

/** `headers` without the one named `name` (exactly as spelled there). */
export function withoutHeader(headers: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([key]) => key !== name));
}

/** A message with id and timestamp headers, as the Standard Webhooks and Pollo schemes sign it. */
interface IdTimestampCallback {
  id: string;
  timestamp: string;
  body: string;
}

/** A Standard Webhooks callback (OpenAI, Gemini) carrying `message.body`, signed with the `whsec_…` secret. */
export function standardWebhookCallback(secret: string, message: IdTimestampCallback): InboundCallback {
  return inboundCallback(signStandardWebhook(secret, message), message.body);
}

/** A Pollo callback carrying `message.body`, signed with the base64 secret. */
export function polloCallback(secretBase64: string, message: IdTimestampCallback): InboundCallback {
  return inboundCallback(signPolloWebhook(secretBase64, message), message.body);
}

/** A PixVerse callback carrying `message.body` (a JSON object), signed over its fields with the secret. */
export function pixverseCallback(
  secret: string,
  message: { timestamp: string; nonce: string; body: string },
): InboundCallback {
  const fields = JSON.parse(message.body) as Record<string, unknown>;
  return inboundCallback(signPixverseWebhook(secret, { ...message, body: fields }), message.body);
}
