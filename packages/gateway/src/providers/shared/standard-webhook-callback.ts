import { z } from "zod";
import type { CallbackCheck, InboundCallback } from "../provider.ts";
import { readCallbackBody, unixSecondsHeaderMs, verifiedCallback } from "./callback-check.ts";
import { verifyStandardWebhook } from "./callback-signatures.ts";

/** A thin event: its type and the id of what it is about; everything else is ignored. */
const thinEventSchema = z.looseObject({
  type: z.string().min(1),
  data: z.looseObject({ id: z.string().min(1) }).optional(),
});

/**
 * Checks a Standard Webhooks callback whose body is a thin event, `{type, data: {id}}` (OpenAI's
 * video events, Gemini's `video.generated`). For the `taskEvents` types the task is `data.id`, as
 * `upstreamIdOf` turns it into the adapter's `upstreamId`; other types are verified but name no
 * task.
 */
export function checkThinEventCallback(
  callback: InboundCallback,
  secret: string,
  taskEvents: ReadonlySet<string>,
  upstreamIdOf: (dataId: string) => string,
): CallbackCheck {
  const signature = verifyStandardWebhook(secret, callback.headers, callback.body);
  if (!signature.ok) return signature;
  const event = readCallbackBody(callback.body, thinEventSchema);
  let taskIds: string[] | null = null;
  if (event !== null && !taskEvents.has(event.type)) taskIds = [];
  else if (event?.data !== undefined) taskIds = [upstreamIdOf(event.data.id)];
  return verifiedCallback({
    messageId: callback.headers.get("webhook-id"),
    sentAtMs: unixSecondsHeaderMs(callback.headers.get("webhook-timestamp")),
    taskIds,
  });
}
