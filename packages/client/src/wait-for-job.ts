import { abortableSleep } from "./abortable-sleep.ts";
import { abortedError, ReelayApiError, WaitTimeoutError } from "./errors.ts";
import type { JobEventStreamOptions } from "./job-event-stream.ts";
import { createProgressReporter, type ProgressListener } from "./progress-reporter.ts";
import { isRetryable } from "./retry-policy.ts";
import type { RequestOptions } from "./transport.ts";
import { type JobEvent, type JobView, TERMINAL_STATUSES } from "./wire.ts";

/** Options of `jobs.wait`. */
export interface WaitOptions {
  /** Ends the wait with code `aborted` (the job keeps running). */
  signal?: AbortSignal;
  /** Longest time to wait, in milliseconds; unlimited by default (every job has a server-side deadline). */
  timeoutMs?: number;
  /** Time between polls when polling and the server gave no `Retry-After` hint, in milliseconds; 3000 by default. */
  pollIntervalMs?: number;
  /** Called with every new view of the job. */
  onUpdate?(job: JobView): void;
  /** Called when progress (0–1, never lower than already reported) or the ETA in seconds changes. */
  onProgress?: ProgressListener;
  /** Cancel the job when the wait times out, instead of leaving it running. */
  cancelOnTimeout?: boolean;
}

/** What waiting needs from the jobs resource. */
export interface WaitDependencies {
  /** The job's event stream, ending after its terminal event. */
  events(id: string, options: JobEventStreamOptions): AsyncIterable<JobEvent>;
  /** The job now, with the server's hint (`Retry-After`) of when asking again is useful. */
  poll(id: string, signal: AbortSignal): Promise<{ job: JobView; pollAfterMs: number | undefined }>;
  /** Requests cancellation of the job. */
  cancel(id: string, options: RequestOptions): Promise<JobView>;
}

const DEFAULT_POLL_INTERVAL_MS = 3_000;
/** Polls in a row (each already retried by the transport) that may fail before the wait gives up. */
const MAX_FAILED_POLLS = 5;
/** Floor for the server's hint: a hint of 0 (an upstream poll overdue) would otherwise be a busy loop. */
const MIN_POLL_AFTER_MS = 500;

/**
 * Resolves with the job once it is terminal (succeeded, failed or cancelled). Follows the job's event
 * stream and falls back to polling when the server has no usable stream; throws {@link WaitTimeoutError}
 * after `timeoutMs`.
 */
export async function waitForJob(
  dependencies: WaitDependencies,
  id: string,
  options: WaitOptions = {},
): Promise<JobView> {
  const callerSignal = options.signal;
  if (callerSignal?.aborted) throw abortedError(callerSignal.reason);
  const controller = new AbortController();
  const forwardAbort = () => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener("abort", forwardAbort, { once: true });
  let timedOut = false;
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, options.timeoutMs);
  const reportProgress = createProgressReporter(options.onProgress);
  let lastJob: JobView | null = null;
  const observe = (job: JobView) => {
    lastJob = job;
    options.onUpdate?.(job);
    reportProgress(job);
  };
  try {
    return await followJob(dependencies, id, controller.signal, observe, options.pollIntervalMs);
  } catch (error) {
    if (!timedOut || callerSignal?.aborted) throw error;
    let cancelledJob: JobView | undefined;
    let cancelError: unknown;
    if (options.cancelOnTimeout) {
      try {
        cancelledJob = await dependencies.cancel(id, { signal: callerSignal });
      } catch (failure) {
        cancelError = failure;
      }
    }
    throw new WaitTimeoutError({
      jobId: id,
      job: cancelledJob ?? lastJob,
      waitedMs: options.timeoutMs ?? 0,
      cancelled: cancelledJob !== undefined,
      cause: cancelError,
    });
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener("abort", forwardAbort);
  }
}

async function followJob(
  dependencies: WaitDependencies,
  id: string,
  signal: AbortSignal,
  observe: (job: JobView) => void,
  pollIntervalMs: number = DEFAULT_POLL_INTERVAL_MS,
): Promise<JobView> {
  try {
    for await (const event of dependencies.events(id, { signal })) {
      observe(event.job);
      if (TERMINAL_STATUSES.includes(event.job.status)) return event.job;
    }
  } catch (error) {
    if (signal.aborted) throw abortedError(signal.reason);
    if (!streamUnavailable(error)) throw error;
  }
  let failedPolls = 0;
  for (;;) {
    let delayMs = pollIntervalMs;
    try {
      const { job, pollAfterMs } = await dependencies.poll(id, signal);
      failedPolls = 0;
      observe(job);
      if (TERMINAL_STATUSES.includes(job.status)) return job;
      if (pollAfterMs !== undefined) delayMs = Math.max(MIN_POLL_AFTER_MS, pollAfterMs);
    } catch (error) {
      // A job runs for minutes; a server restart in the meantime should not end the wait.
      failedPolls++;
      if (!(error instanceof ReelayApiError) || !isRetryable(error) || failedPolls >= MAX_FAILED_POLLS) throw error;
      delayMs = Math.max(delayMs, error.retryAfterMs ?? 0);
    }
    await abortableSleep(delayMs, signal);
  }
}

/**
 * Whether the event stream cannot be used, so polling should take over: the server has no such route
 * (404, 405, 501), answered something that is not an event stream, or kept failing to connect.
 */
function streamUnavailable(error: unknown): boolean {
  if (!(error instanceof ReelayApiError)) return false;
  if (error.status === 404 || error.status === 405 || error.status === 501) return true;
  return error.code === "invalid_response" || isRetryable(error);
}
