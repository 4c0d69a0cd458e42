import type { Logger } from "pino";
import type { Clock } from "../core/clock.ts";
import type { StoredVideo } from "../core/types.ts";
import type { JobStore } from "./job-store.ts";

/** Videos deleted per look; a larger backlog is worked off over several looks. */
const BATCH = 100;

export interface VideoRetentionOptions {
  store: JobStore;
  /** Deletes a stored video and every file made from it; missing files are no error. */
  deleteVideoFiles(video: StoredVideo): Promise<void>;
  clock: Clock;
  logger: Logger;
  /** How long a finished video is kept. */
  retentionMs: number;
  /** Time between looks. */
  intervalMs: number;
}

export interface VideoRetention {
  /** Deletes every video past its retention now; returns how many. */
  purgeDue(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Deletes stored videos (with their thumbnails and spritesheets) of jobs that finished longer ago than the retention, and
 * records on each job when its video went, so its view and its download say so. The job is kept.
 * The files go first: a crash in between leaves a job that is purged again, never a job that
 * claims a video it no longer has.
 */
export function createVideoRetention(options: VideoRetentionOptions): VideoRetention {
  const { store, clock, logger } = options;
  let timer: ReturnType<typeof setInterval> | null = null;
  let running: Promise<number> | null = null;

  async function purgeBatches(): Promise<number> {
    let purged = 0;
    for (;;) {
      const due = await store.listVideosToPurge(clock.now() - options.retentionMs, BATCH);
      for (const job of due) {
        if (job.video === null) continue;
        await options.deleteVideoFiles(job.video);
        if ((await store.markVideoPurged(job.id, clock.now())) !== null) purged += 1;
      }
      if (due.length < BATCH) break;
    }
    if (purged > 0) logger.info({ purged }, "deleted videos past their retention");
    return purged;
  }

  function purgeDue(): Promise<number> {
    // One pass at a time: a slow disk must not make passes overlap.
    running ??= purgeBatches().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    purgeDue,
    start() {
      if (timer !== null) return;
      const look = () =>
        void purgeDue().catch((error: unknown) => logger.error({ err: error }, "video retention failed"));
      look();
      timer = setInterval(look, options.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
