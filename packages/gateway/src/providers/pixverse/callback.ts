import { z } from "zod";
import type { CallbackCheck, InboundCallback } from "../provider.ts";
import { readCallbackBody, unixSecondsHeaderMs, verifiedCallback } from "../shared/callback-check.ts";
import { verifyPixverseWebhook } from "../shared/callback-signatures.ts";

/** A PixVerse callback names the video by `id`, a digit string (an integer is tolerated). */
const pixverseCallbackSchema = z.looseObject({
  id: z.union([z.string().regex(/^\d{1,20}$/), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)]),
});

/** Verifies a PixVerse callback with the dashboard's webhook secret and reads which video it is about. */
export function checkPixverseCallback(callback: InboundCallback, secret: string): CallbackCheck {
  const signature = verifyPixverseWebhook(secret, callback.headers, callback.body);
  if (!signature.ok) return signature;
  const body = readCallbackBody(callback.body, pixverseCallbackSchema);
  return verifiedCallback({
    messageId: callback.headers.get("webhook-nonce"),
    sentAtMs: unixSecondsHeaderMs(callback.headers.get("webhook-timestamp")),
    taskIds: body === null ? null : [String(body.id)],
  });
}
