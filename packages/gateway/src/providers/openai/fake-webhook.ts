import { randomBytes } from "node:crypto";
import type { FakeCallbackTask } from "../shared/fake-callbacks.ts";

/**
 * The webhook of a video when it ends (openai-sora.md §9): a thin `video.completed` or
 * `video.failed` event that names only the video; the receiver fetches the rest.
 */
export function videoWebhook(
  video: { id: string; createdAtMs: number; blocked: boolean },
  finishedAtMs: number,
): FakeCallbackTask {
  const type = video.blocked ? "video.failed" : "video.completed";
  const render = () => {
    const event = {
      id: `evt_${randomBytes(16).toString("hex")}`,
      object: "event",
      created_at: Math.floor(finishedAtMs / 1000),
      type,
      data: { id: video.id },
    };
    return { status: type, body: JSON.stringify(event) };
  };
  return {
    taskId: video.id,
    createdAtMs: video.createdAtMs,
    events: [{ atMs: finishedAtMs, terminal: true, render }],
  };
}
