import { Worker } from "node:worker_threads";
import {
  STOP_REQUESTED,
  type FromWorkerMessage,
  type RenderCommand,
  type RenderPlan,
  type ToWorkerMessage,
} from "./api.ts";

/** One render handed to the pool. */
export interface RenderJob {
  renderId: string;
  plan: RenderPlan;
  /** The file the worker writes. */
  tempPath: string;
}

/**
 * What the pool reports about a job. After `submit`, exactly one of `onDone`, `onFailed`,
 * `onCancelled` is called, once; `onStart` and `onProgress` only before it.
 */
export interface RenderListener {
  onStart(): void;
  onProgress(framesDone: number, frameCount: number): void;
  onDone(): void;
  onFailed(message: string): void;
  onCancelled(): void;
}

/** A bounded set of render worker threads with a FIFO queue in front. */
export interface RenderPool {
  submit(job: RenderJob, listener: RenderListener): void;
  /** Stops a queued or running job; resolves once it no longer runs. Unknown ids are ignored. */
  cancel(renderId: string): Promise<void>;
  /** Reports cancellation of every job and terminates the threads. */
  close(): Promise<void>;
}

export interface RenderPoolOptions {
  /** Most renders at once (= most threads). */
  concurrency: number;
  /** Worker entry; defaults to the sibling render worker (see `defaultWorkerUrl`). */
  workerUrl?: URL;
  /** How long a running render may take to stop cooperatively before its thread is terminated. */
  cancelGraceMs?: number;
}

/**
 * The worker entry next to this module. Built code runs `render-worker.js` directly. When this
 * module is itself TypeScript (Vitest or tsx run the sources), `.ts` files need a loader, and
 * Node 20 ignores `--import tsx` in a Worker's `execArgv`, so a small `.mjs` bootstrap registers
 * tsx inside the thread and then imports `render-worker.ts`.
 */
export function defaultWorkerUrl(): URL {
  const fromSources = import.meta.url.endsWith(".ts");
  return new URL(fromSources ? "./render-worker-dev.mjs" : "./render-worker.js", import.meta.url);
}

const noop = (): void => undefined;

/** A promise with its resolve function (Node 20 has no `Promise.withResolvers`). */
export function createSignal(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = noop;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

interface ActiveJob {
  job: RenderJob;
  listener: RenderListener;
  /** Set once a cancel was requested, so a thread exit then counts as cancelled. */
  stopping: boolean;
  /** Shared with the worker, which checks it between frames. */
  stopFlag: Int32Array;
  finished: Promise<void>;
  finish: () => void;
}

interface Slot {
  worker: Worker;
  active: ActiveJob | null;
  lastError: string | null;
}

export function createRenderPool(options: RenderPoolOptions): RenderPool {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const workerUrl = options.workerUrl ?? defaultWorkerUrl();
  const cancelGraceMs = options.cancelGraceMs ?? 5_000;
  const queue: { job: RenderJob; listener: RenderListener }[] = [];
  const slots: Slot[] = [];
  let closed = false;

  function post(slot: Slot, message: ToWorkerMessage): void {
    // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a Worker, not a window
    slot.worker.postMessage(message);
  }

  /** Ends the slot's job with one terminal report and frees the slot. */
  function settle(slot: Slot, report: (listener: RenderListener) => void): void {
    const active = slot.active;
    if (!active) return;
    slot.active = null;
    report(active.listener);
    active.finish();
    pump();
  }

  function spawn(): Slot {
    const worker = new Worker(workerUrl);
    // Idle threads must not keep the process alive; a running render is waited for by its poller.
    worker.unref();
    const slot: Slot = { worker, active: null, lastError: null };
    worker.on("message", (message: FromWorkerMessage) => {
      const active = slot.active;
      if (!active || message.renderId !== active.job.renderId) return;
      if (message.type === "progress") active.listener.onProgress(message.framesDone, message.frameCount);
      else if (message.type === "done") settle(slot, (listener) => listener.onDone());
      else if (message.type === "failed") settle(slot, (listener) => listener.onFailed(message.message));
      else settle(slot, (listener) => listener.onCancelled());
    });
    worker.on("error", (error) => {
      slot.lastError = error.message;
    });
    worker.on("exit", (code) => {
      const index = slots.indexOf(slot);
      if (index >= 0) slots.splice(index, 1);
      const stopping = slot.active?.stopping ?? false;
      const reason = slot.lastError ?? `render thread exited with code ${code}`;
      settle(slot, (listener) => (stopping ? listener.onCancelled() : listener.onFailed(reason)));
    });
    slots.push(slot);
    return slot;
  }

  function pump(): void {
    if (closed) return;
    while (queue.length > 0) {
      const slot =
        slots.find((candidate) => candidate.active === null) ?? (slots.length < concurrency ? spawn() : null);
      if (!slot) return;
      const next = queue.shift();
      if (!next) return;
      const { promise: finished, resolve: finish } = createSignal();
      const stopFlag = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
      slot.active = { job: next.job, listener: next.listener, stopping: false, stopFlag, finished, finish };
      next.listener.onStart();
      const command: RenderCommand = { type: "render", ...next.job, stopFlag };
      post(slot, command);
    }
  }

  return {
    submit(job, listener) {
      if (closed) {
        listener.onCancelled();
        return;
      }
      queue.push({ job, listener });
      pump();
    },

    async cancel(renderId) {
      const queuedIndex = queue.findIndex((entry) => entry.job.renderId === renderId);
      if (queuedIndex >= 0) {
        const [entry] = queue.splice(queuedIndex, 1);
        entry?.listener.onCancelled();
        return;
      }
      const slot = slots.find((candidate) => candidate.active?.job.renderId === renderId);
      const active = slot?.active;
      if (!slot || !active) return;
      active.stopping = true;
      Atomics.store(active.stopFlag, 0, STOP_REQUESTED);
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), cancelGraceMs);
      });
      const result = await Promise.race([active.finished, graceOver]);
      clearTimeout(timer);
      // A thread stuck in native code never checks the flag; terminating it is the last resort.
      if (result === "timeout") await slot.worker.terminate();
      await active.finished;
    },

    async close() {
      closed = true;
      for (const entry of queue.splice(0)) entry.listener.onCancelled();
      await Promise.all(
        slots.slice().map(async (slot) => {
          if (slot.active) slot.active.stopping = true;
          await slot.worker.terminate();
          await slot.active?.finished;
        }),
      );
    },
  };
}
