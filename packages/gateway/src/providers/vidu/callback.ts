import { z } from "zod";
import type { CallbackCheck, InboundCallback } from "../provider.ts";
import { readCallbackBody, verifiedCallback } from "../shared/callback-check.ts";
import { verifyViduCallback, viduSignedHeaderNames } from "../shared/callback-signatures.ts";
import { VIDU_TASK_ID } from "./api.ts";

/**
 * A Vidu callback carries the status body (vidu.md §5), whose task id is `id`. unverified: older
 * editions may name it `task_id` as the create answer does; that is read when `id` is absent.
 */
const viduCallbackSchema = z.looseObject({
  id: z.string().regex(VIDU_TASK_ID).optional(),
  task_id: z.string().regex(VIDU_TASK_ID).optional(),
});

const NONCE = "x-request-nonce";

/**
 * Verifies a Vidu callback with the API token (Vidu signs with the token that created the task)
 * and reads which task it is about. The signature covers the request line and headers, not the
 * body, so the task id is only a hint.
 */
export function checkViduCallback(callback: InboundCallback, token: string): CallbackCheck {
  const signature = verifyViduCallback(token, callback);
  if (!signature.ok) return signature;
  // The nonce is the message id: unsigned, a replay could carry a fresh one.
  if (!viduSignedHeaderNames(callback.headers).some((name) => name.toLowerCase() === NONCE)) {
    return { ok: false, reason: "malformed", message: `${NONCE} is not among the signed headers` };
  }
  const body = readCallbackBody(callback.body, viduCallbackSchema);
  const taskId = body?.id ?? body?.task_id;
  return verifiedCallback({
    messageId: callback.headers.get(NONCE),
    sentAtMs: Date.parse(callback.headers.get("date") ?? ""),
    taskIds: taskId === undefined ? null : [taskId],
  });
}
