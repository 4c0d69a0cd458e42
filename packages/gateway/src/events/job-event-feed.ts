import type { JobEventQuery, StoredJobEvent } from "../jobs/job-events.ts";
import type { JobStore } from "../jobs/job-store.ts";

/** Events read from the store per look; a backlog larger than this is read in several looks. */
const PAGE = 200;

export interface FollowQuery extends Omit<JobEventQuery, "limit"> {
  /** Ends the stream. */
  signal: AbortSignal;
}

export interface JobEventFeed {
  /** The events after `afterId`, then each new one as it is written, until `signal` aborts. */
  follow(query: FollowQuery): AsyncGenerator<StoredJobEvent>;
  /** Id of the tenant's newest event (of one job with `jobId`); 0 when there is none. */
  lastEventId(tenantId: string, jobId?: string): Promise<number>;
}

/**
 * Streams recorded job events to any number of readers. Readers wake when this process writes an
 * event and look at least every `pollMs` for writes of other processes. Nothing here calls a
 * provider: the worker's one poll per job writes one event, and every reader reads that row.
 */
export function createJobEventFeed(options: { store: JobStore; pollMs: number }): JobEventFeed {
  const waiting = new Set<() => void>();
  options.store.onEvents(() => {
    for (const wake of waiting) wake();
    waiting.clear();
  });

  /** Resolves on the next recorded event, after `pollMs`, or on abort; `cancel` drops it unused. */
  function nextChange(signal: AbortSignal): { changed: Promise<void>; cancel(): void } {
    let done = () => undefined as void;
    const changed = new Promise<void>((resolve) => {
      done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, options.pollMs);
      signal.addEventListener("abort", done, { once: true });
      waiting.add(done);
    });
    return { changed, cancel: done };
  }

  return {
    lastEventId: (tenantId, jobId) => options.store.lastEventId(tenantId, jobId),

    async *follow(query) {
      let afterId = query.afterId;
      while (!query.signal.aborted) {
        // Registered before reading, so an event written during the read still wakes this reader.
        const next = nextChange(query.signal);
        const events = await options.store.listEvents({ ...query, afterId, limit: PAGE }).catch((error: unknown) => {
          next.cancel();
          throw error;
        });
        if (events.length === PAGE) next.cancel();
        for (const event of events) {
          if (query.signal.aborted) return;
          yield event;
          afterId = event.id;
        }
        if (events.length < PAGE) await next.changed;
      }
    },
  };
}
