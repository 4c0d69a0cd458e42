/**
 * Entry of a render worker thread. It renders one plan at a time (the pool never sends a second
 * before the first ends) and reports progress; file renames and deletes stay with the main thread.
 */
import { parentPort } from "node:worker_threads";
import { STOP_REQUESTED, type FromWorkerMessage, type RenderCommand, type ToWorkerMessage } from "./api.ts";
import { renderVideo } from "./render-video.ts";

const port = parentPort;
if (!port) throw new Error("render-worker must run in a worker thread");

function send(message: FromWorkerMessage): void {
  port?.postMessage(message);
}

async function run(command: RenderCommand): Promise<void> {
  const { renderId, plan, tempPath, stopFlag } = command;
  try {
    const outcome = await renderVideo(plan, tempPath, {
      onProgress: (framesDone, frameCount) => send({ type: "progress", renderId, framesDone, frameCount }),
      // Shared memory, read between frames: see `RenderCommand.stopFlag`.
      shouldStop: () => Atomics.load(stopFlag, 0) === STOP_REQUESTED,
    });
    send(outcome === "done" ? { type: "done", renderId } : { type: "cancelled", renderId });
  } catch (error) {
    send({
      type: "failed",
      renderId,
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

port.on("message", (message: ToWorkerMessage) => {
  void run(message);
});
