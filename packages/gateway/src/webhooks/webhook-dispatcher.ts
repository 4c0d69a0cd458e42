import type { Logger } from "pino";
import type { Clock } from "../core/clock.ts";
import type { MediaLinks } from "../http/job-media-links.ts";
import { planDeliveries } from "./plan-deliveries.ts";
import { createWakeableSleep } from "../core/wakeable-sleep.ts";
import type { WebhookStore } from "./webhook-store.ts";

/** Job events read per look; a larger backlog is worked through in several. */
const BATCH_SIZE = 200;

export interface WebhookDispatcherOptions {
  store: WebhookStore;
  /** Registers a listener for job events written by this process; returns its removal. */
  onJobEvents(listener: () => void): () => void;
  /** Longest wait between looks, so events written by other processes are seen. */
  pollMs: number;
  configuredUrls: readonly string[];
  progressIntervalMs: number;
  /**
   * The links to job media in the job views sent at `nowMs`; asked at each dispatch (the listening
   * URL is known late, and links are signed while the server has API keys).
   */
  mediaLinks(nowMs: number): Promise<MediaLinks>;
  clock: Clock;
  createId(nowMs: number): string;
  logger: Logger;
  /** Called after deliveries were written, so the delivery worker looks at once. */
  onDeliveries(): void;
}

export interface WebhookDispatcher {
  start(): void;
  /** Turns every job event written so far into deliveries; returns how many events it read. */
  dispatchPending(): Promise<number>;
  /** Stops after the batch in progress. */
  stop(): Promise<void>;
}

/**
 * Follows the job event log from the cursor kept in the store and turns each event into its
 * deliveries. Deliveries and the cursor move in one transaction, so a crash repeats or loses
 * nothing; another process's dispatcher reading the same batch loses the compare-and-set and reads on.
 */
export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const pause = createWakeableSleep();
  const state = { running: false };
  let loop: Promise<void> | null = null;
  let stopListening: (() => void) | null = null;

  /** Dispatches one batch; returns how many events it read. */
  async function dispatchBatch(): Promise<number> {
    const batch = await options.store.readDispatchBatch(BATCH_SIZE);
    const last = batch.events.at(-1);
    if (last === undefined) return 0;
    const nowMs = options.clock.now();
    const deliveries = planDeliveries(batch, {
      configuredUrls: options.configuredUrls,
      progressIntervalMs: options.progressIntervalMs,
      mediaLinks: await options.mediaLinks(nowMs),
      nowMs,
      createId: options.createId,
    });
    const recorded = await options.store.recordDispatch(batch.afterEventId, last.event.id, deliveries);
    if (recorded && deliveries.length > 0) options.onDeliveries();
    return batch.events.length;
  }

  async function dispatchPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const read = await dispatchBatch();
      total += read;
      if (read < BATCH_SIZE) return total;
    }
  }

  async function run(): Promise<void> {
    while (state.running) {
      try {
        await dispatchPending();
      } catch (error) {
        options.logger.error({ err: error }, "webhook dispatch failed");
      }
      if (state.running) await pause.sleep(options.pollMs);
    }
  }

  return {
    start() {
      if (state.running) return;
      state.running = true;
      stopListening = options.onJobEvents(() => pause.wake());
      loop = run();
    },
    dispatchPending,
    async stop() {
      state.running = false;
      stopListening?.();
      pause.wake();
      await loop;
    },
  };
}
