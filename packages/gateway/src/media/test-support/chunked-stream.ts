import { Readable } from "node:stream";

/** A Readable yielding `count` chunks of `size` bytes, counting how many were pulled. */
export function chunkedStream(count: number, size: number): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  const stream = new Readable({
    read() {
      if (pulled >= count) {
        this.push(null);
        return;
      }
      pulled++;
      this.push(Buffer.alloc(size, pulled % 256));
    },
  });
  return { stream, pulled: () => pulled };
}
