import type { Readable } from "node:stream";

/**
 * Wraps a node Readable as a web stream that reads only when the consumer pulls (no read-ahead
 * beyond the Readable's own buffer), and destroys the Readable — closing its file — when the
 * consumer cancels, e.g. a client that goes away mid-download.
 */
export function readableToWebStream(readable: Readable): ReadableStream<Uint8Array> {
  const chunks = readable[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done === true) controller.close();
          else
            controller.enqueue(typeof next.value === "string" ? Buffer.from(next.value) : (next.value as Uint8Array));
        } catch (error) {
          controller.error(error);
        }
      },
      cancel(reason) {
        readable.destroy(reason instanceof Error ? reason : undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
