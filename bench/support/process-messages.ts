/** Memory and CPU of a benchmarked child process at one moment. */
export interface ProcessSample {
  rssBytes: number;
  /** Highest RSS seen since start or the last `reset-peak`. */
  peakRssBytes: number;
  heapUsedBytes: number;
  /** Memory outside the V8 heap: Buffers, ArrayBuffers. */
  externalBytes: number;
  /** User + system CPU time used so far. */
  cpuMicros: number;
  atMs: number;
}

/** What the parent asks of the child. */
export type ToChildMessage =
  | { type: "sample"; id: number; collectGarbage?: boolean }
  | { type: "reset-peak"; id: number }
  | { type: "close" };

/** What the child answers. */
export type FromChildMessage =
  | ({ type: "ready" } & Record<string, unknown>)
  | { type: "sample"; id: number; sample: ProcessSample };
