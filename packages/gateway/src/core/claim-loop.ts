import type { Logger } from "pino";
import type { Clock } from "./clock.ts";
import { createWakeableSleep } from "./wakeable-sleep.ts";

export interface ClaimLoopOptions<Item> {
  /** Named in the loop's own error logs, e.g. `worker`. */
  name: string;
  /** Items handled at once. */
  concurrency: number;
  /** Longest sleep between looks, so work written by other processes and lapsed leases are seen. */
  idleMs: number;
  /** Floor between looks, so a store that keeps answering "due now" cannot make the loop spin. */
  minSleepMs: number;
  clock: Clock;
  logger: Logger;
  /** Leases up to `limit` due items. */
  claim(limit: number, nowMs: number): Promise<Item[]>;
  /** Handles one claimed item; logs its own failures (a rejection is only logged). */
  handle(item: Item): Promise<void>;
  /** When the next item falls due, or null when nothing is waiting. */
  nextDueAt(): Promise<number | null>;
}

export interface ClaimLoop {
  start(): void;
  /** Looks for due items now instead of at the next tick. */
  wake(): void;
  /** Stops claiming, waits for the items in flight, and returns. */
  stop(): Promise<void>;
}

/**
 * The loop behind the job worker and the webhook sender: claim what is due up to the free
 * concurrency, handle each in the background, then sleep until the next item is due (or a wake).
 */
export function createClaimLoop<Item>(options: ClaimLoopOptions<Item>): ClaimLoop {
  const pause = createWakeableSleep();
  const inFlight = new Set<Promise<void>>();
  const state = { running: false };
  let loop: Promise<void> | null = null;

  async function claimAndHandle(): Promise<void> {
    const free = options.concurrency - inFlight.size;
    if (free <= 0) return;
    for (const item of await options.claim(free, options.clock.now())) {
      const task = options
        .handle(item)
        .catch((error: unknown) => options.logger.error({ err: error }, `${options.name} item failed`))
        .finally(() => {
          inFlight.delete(task);
          pause.wake();
        });
      inFlight.add(task);
    }
  }

  async function timeUntilNextLook(): Promise<number> {
    if (inFlight.size >= options.concurrency) return options.idleMs;
    const nextDue = await options.nextDueAt();
    if (nextDue === null) return options.idleMs;
    return Math.max(0, Math.min(options.idleMs, nextDue - options.clock.now()));
  }

  async function run(): Promise<void> {
    while (state.running) {
      try {
        await claimAndHandle();
        const waitMs = await timeUntilNextLook();
        if (state.running) await pause.sleep(Math.max(options.minSleepMs, waitMs));
      } catch (error) {
        options.logger.error({ err: error }, `${options.name} loop error`);
        if (state.running) await pause.sleep(options.idleMs);
      }
    }
  }

  return {
    start() {
      if (state.running) return;
      state.running = true;
      loop = run();
    },
    wake: () => pause.wake(),
    async stop() {
      state.running = false;
      pause.wake();
      await loop;
      await Promise.allSettled(inFlight);
    },
  };
}
