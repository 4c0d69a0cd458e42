import type { Logger } from "pino";
import type { ProviderCallError } from "../core/errors.ts";
import type { Failure, JobRecord, Warning } from "../core/types.ts";
import { backoffDelayMs } from "./backoff.ts";
import type { JobStepDependencies } from "./job-step.ts";
import type { JobChange } from "./job-store.ts";
import { jobLogFields } from "./job-log-fields.ts";

/**
 * The writes one step makes to its job. Each is compare-and-set on the lease and returns the new
 * record, or null when the lease was lost and nothing was written.
 */
export interface StepWrites {
  job: JobRecord;
  log: Logger;
  /** Applies `change`; with `release` (the default) the lease ends in the same write. */
  apply(change: JobChange, release?: boolean): Promise<JobRecord | null>;
  /** Applies `change` as the job's last: it is stamped finished. */
  finish(change: JobChange): Promise<JobRecord | null>;
  fail(failure: Failure, warnings?: Warning[]): Promise<JobRecord | null>;
  /** Schedules the step again; `retryNumber` sets the backoff, `change.attempts` what is recorded. */
  retryLater(retryNumber: number, retryAfterMs: number | undefined, change: JobChange): Promise<JobRecord | null>;
  /**
   * A rate limit says "not now", not "broken": it uses up no attempt. Each one in a row waits
   * longer (unless the provider says when to come back), so a provider that keeps refusing is not
   * asked every second until the deadline.
   */
  waitOutRateLimit(error: ProviderCallError, change: JobChange): Promise<JobRecord | null>;
}

/** `onWritten` hears of every write that was applied, before the step goes on. */
export function createStepWrites(
  job: JobRecord,
  leaseToken: string,
  deps: JobStepDependencies,
  onWritten: (written: JobRecord) => Promise<void>,
): StepWrites {
  const { store, clock } = deps;
  const log = deps.logger.child(jobLogFields(job));
  const apply = async (change: JobChange, release = true) => {
    const written = await store.update(job.id, leaseToken, change, { nowMs: clock.now(), release });
    if (written !== null) await onWritten(written);
    return written;
  };
  const finish = (change: JobChange) => apply({ ...change, finishedAt: clock.now() });
  const retryLater = (retryNumber: number, retryAfterMs: number | undefined, change: JobChange) =>
    apply({ ...change, nextRunAt: clock.now() + backoffDelayMs(retryNumber, deps.backoff, retryAfterMs) });
  return {
    job,
    log,
    apply,
    finish,
    fail(failure, warnings = job.warnings) {
      log.info({ failure }, "job failed");
      return finish({ status: "failed", failure, warnings });
    },
    retryLater,
    waitOutRateLimit(error, change) {
      const rateLimits = job.rateLimits + 1;
      return retryLater(rateLimits, error.retryAfterMs, { ...change, rateLimits });
    },
  };
}
