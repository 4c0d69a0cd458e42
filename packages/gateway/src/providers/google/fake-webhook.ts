import type { FakeCallbackTask } from "../shared/fake-callbacks.ts";

/**
 * The project webhook of a Veo operation that produced a video (google-veo.md §9): a thin
 * `video.generated` event. Google lists no event for failed or filtered videos, so those have none.
 * unverified: the payload's value formats; `data.id` is taken to be the operation name's last
 * segment.
 */
export function videoGeneratedWebhook(
  operation: { id: string; createdAtMs: number },
  doneAtMs: number,
  file: { id: string; uri: string },
): FakeCallbackTask {
  const render = () => {
    const event = {
      type: "video.generated",
      version: "v1",
      timestamp: new Date(doneAtMs).toISOString().replace(/\.\d{3}Z$/, "Z"),
      data: { id: operation.id, output_file_uri: file.uri, file_name: `files/${file.id}` },
    };
    return { status: event.type, body: JSON.stringify(event) };
  };
  return {
    taskId: operation.id,
    createdAtMs: operation.createdAtMs,
    events: [{ atMs: doneAtMs, terminal: true, render }],
  };
}
