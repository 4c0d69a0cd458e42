import { z } from "zod";
import type { CallbackCheck, InboundCallback } from "../provider.ts";
import { readCallbackBody, unixSecondsHeaderMs, verifiedCallback } from "../shared/callback-check.ts";
import { verifyPolloWebhook } from "../shared/callback-signatures.ts";

/** A Pollo callback: `{taskId, status}` at least; whether it carries more is unverified (pollo.md §9). */
const polloCallbackSchema = z.looseObject({ taskId: z.string().min(1), status: z.string().optional() });

/**
 * `X-Webhook-Timestamp` in epoch milliseconds. unverified: that Pollo sends Unix seconds; a
 * 13-digit value is read as milliseconds, so that such callbacks would not all look stale.
 */
function polloTimestampMs(value: string | null): number | null {
  const trimmed = value?.trim() ?? "";
  return /^\d{13}$/.test(trimmed) ? Number(trimmed) : unixSecondsHeaderMs(value);
}

/** Verifies a Pollo callback with the dashboard's base64 webhook secret and reads which task it is about. */
export function checkPolloCallback(callback: InboundCallback, secretBase64: string): CallbackCheck {
  const signature = verifyPolloWebhook(secretBase64, callback.headers, callback.body);
  if (!signature.ok) return signature;
  const body = readCallbackBody(callback.body, polloCallbackSchema);
  return verifiedCallback({
    messageId: callback.headers.get("x-webhook-id"),
    sentAtMs: polloTimestampMs(callback.headers.get("x-webhook-timestamp")),
    taskIds: body === null ? null : [body.taskId],
  });
}
