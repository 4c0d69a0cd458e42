import { createToken } from "../core/ids.ts";
import { createClaimLoop } from "../core/claim-loop.ts";
import { runJobStep, type JobStepDependencies } from "./job-step.ts";
import type { ClaimedJob } from "./job-store.ts";
import { jobLogFields } from "./job-log-fields.ts";

/** Floor between looks, so a job that is due but leased elsewhere cannot make the loop spin. */
const MIN_SLEEP_MS = 50;

export interface WorkerOptions extends JobStepDependencies {
  /** Jobs processed at once by this worker. */
  concurrency: number;
  /** How long a claim lasts without renewal; a crashed worker's jobs are free again after it. */
  leaseMs: number;
  /** Longest sleep between looks at the store, so jobs written by other processes are seen. */
  idleMs: number;
}

export interface Worker {
  /** Identifies this worker's leases in the store. */
  readonly owner: string;
  start(): void;
  /** Looks for due jobs now instead of at the next tick (after a create or cancel). */
  wake(): void;
  /** Stops claiming, waits for steps in flight, and returns. */
  stop(): Promise<void>;
}

/**
 * Claims due jobs with a lease and runs one step of each (DESIGN.md §4). Leases are renewed while
 * a step runs; a crash leaves them to expire, after which any worker picks the jobs up.
 */
export function createWorker(options: WorkerOptions): Worker {
  const owner = `worker-${createToken(6)}`;

  async function process(claimed: ClaimedJob): Promise<void> {
    const renew = setInterval(() => {
      const expiresAt = options.clock.now() + options.leaseMs;
      options.store.extendLease(claimed.job.id, claimed.leaseToken, expiresAt).catch((error: unknown) => {
        options.logger.warn({ err: error, ...jobLogFields(claimed.job) }, "lease renewal failed");
      });
    }, options.leaseMs / 3);
    try {
      await runJobStep(claimed.job, claimed.leaseToken, options);
    } catch (error) {
      // The step could not even record its outcome (e.g. the database is gone). The lease expires
      // and the job is picked up again; nothing is lost.
      options.logger.error({ err: error, ...jobLogFields(claimed.job) }, "job step crashed");
    } finally {
      clearInterval(renew);
    }
  }

  const loop = createClaimLoop<ClaimedJob>({
    name: "worker",
    concurrency: options.concurrency,
    idleMs: options.idleMs,
    minSleepMs: MIN_SLEEP_MS,
    clock: options.clock,
    logger: options.logger,
    claim: (limit, nowMs) => options.store.claimDue(owner, nowMs, options.leaseMs, limit),
    handle: process,
    nextDueAt: () => options.store.nextDueAt(),
  });

  return { owner, ...loop };
}
