import type { CallbackCheck, InboundCallback } from "../provider.ts";
import { checkThinEventCallback } from "../shared/standard-webhook-callback.ts";

/** The one video event of Gemini project webhooks (google-veo.md §9); there is none for failures. */
const VIDEO_EVENTS: ReadonlySet<string> = new Set(["video.generated"]);

/**
 * The id a Gemini webhook names an operation by: the last segment of the operation name
 * (`models/{model}/operations/{id}` → `{id}`); a bare id stays as it is.
 * unverified: the documented payload is constructed and its value formats are unverified; the
 * correspondence of `data.id` with the operation name's last segment is an assumption.
 */
export function geminiOperationId(nameOrId: string): string {
  return nameOrId.slice(nameOrId.lastIndexOf("/") + 1);
}

/** Verifies a Gemini project webhook with its `whsec_…` secret; the operation is `data.id`. */
export function checkGeminiCallback(callback: InboundCallback, secret: string): CallbackCheck {
  return checkThinEventCallback(callback, secret, VIDEO_EVENTS, geminiOperationId);
}
