import type { CallbackCheck, InboundCallback } from "../provider.ts";
import { checkThinEventCallback } from "../shared/standard-webhook-callback.ts";

/** The events about a video (openai-sora.md §9); other event types name no video. */
const VIDEO_EVENTS: ReadonlySet<string> = new Set(["video.completed", "video.failed"]);

/** Verifies an OpenAI webhook with the project's `whsec_…` secret; the video is `data.id`. */
export function checkOpenAiCallback(callback: InboundCallback, secret: string): CallbackCheck {
  return checkThinEventCallback(callback, secret, VIDEO_EVENTS, (videoId) => videoId);
}
