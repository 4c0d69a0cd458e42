import type { Logger } from "pino";
import type { Clock } from "../core/clock.ts";
import { OutputDownloadError, ProviderCallError } from "../core/errors.ts";
import type { ModelSpec } from "../core/model-spec.ts";
import type {
  Failure,
  JobRecord,
  NormalizedRequest,
  OutputRehoster,
  PreparedImageRecord,
  ProviderOutput,
  ProviderTask,
  Warning,
} from "../core/types.ts";
import type { PreparedImage, ProviderAdapter, ProviderContext } from "../providers/provider.ts";
import { backoffDelayMs, type BackoffPolicy } from "./backoff.ts";
import type { JobChange, JobStore } from "./job-store.ts";
import { findLostCreate, unsettledCreateFailure } from "./find-lost-create.ts";
import { estimateProgress } from "./progress-estimate.ts";
import type { RenderHistory } from "./render-history.ts";
import { defaultPollMs, downloadFailureCode, failureFromCallError } from "./step-outcomes.ts";
import { stopUpstream } from "./stop-upstream.ts";

/** Everything one step of one job needs. */
export interface JobStepDependencies {
  store: JobStore;
  clock: Clock;
  fetch: typeof fetch;
  logger: Logger;
  backoff: BackoffPolicy;
  /** Failed downloads of a finished video are retried this many times before the job fails. */
  maxDownloadAttempts: number;
  /** Non-retryable poll errors (e.g. auth) are tolerated this many times: a key may be rotated. */
  maxPollErrors: number;
  /** Retryable create errors are tried this many times. */
  maxSubmitAttempts: number;
  /** Time limit of one provider call. */
  callTimeoutMs: number;
  resolveModel(modelId: string): { spec: ModelSpec; adapter: ProviderAdapter } | null;
  /** Render times learnt from finished jobs: the ETA of the next ones. */
  renderHistory: RenderHistory;
  /** The catalog's render time for a request, used until the history knows better. */
  typicalRenderSeconds(spec: ModelSpec, request: NormalizedRequest): number;
  /** The handle an adapter gets for one of the job's prepared input images. */
  openImage(record: PreparedImageRecord): PreparedImage;
  rehoster: OutputRehoster;
}

/** Where a job's data tells us it stands. */
type Stage = "submit" | "poll" | "rehost";

function stageOf(job: JobRecord): Stage {
  if (job.providerTask === null) return "submit";
  return job.outputs === null ? "poll" : "rehost";
}

/**
 * Runs one step of a claimed job: stop it (cancel or deadline), submit it, poll it, or re-host its
 * video. Every write is compare-and-set on the lease; a step whose lease was lost writes nothing.
 */
export async function runJobStep(job: JobRecord, leaseToken: string, deps: JobStepDependencies): Promise<void> {
  const { store, clock, logger } = deps;
  const log = logger.child({ jobId: job.id, model: job.model });
  const apply = (change: JobChange, release = true) =>
    store.update(job.id, leaseToken, change, { nowMs: clock.now(), release });
  const finish = (change: JobChange) => apply({ ...change, finishedAt: clock.now() });
  const fail = (failure: Failure, warnings: Warning[] = job.warnings) => {
    log.info({ failure }, "job failed");
    return finish({ status: "failed", failure, warnings });
  };
  /** Schedules the step again; `retryNumber` sets the backoff, `change.attempts` what is recorded. */
  const retryLater = (retryNumber: number, retryAfterMs: number | undefined, change: JobChange) =>
    apply({ ...change, nextRunAt: clock.now() + backoffDelayMs(retryNumber, deps.backoff, retryAfterMs) });

  const resolved = deps.resolveModel(job.model);
  if (resolved === null) {
    await fail({ code: "provider_error", message: `Model ${job.model} cannot run on this server any more.` });
    return;
  }
  const { spec, adapter } = resolved;
  const context = (): ProviderContext => ({
    jobId: job.id,
    spec,
    clock,
    fetch: deps.fetch,
    images: {
      ...(job.inputs.image ? { image: deps.openImage(job.inputs.image) } : {}),
      ...(job.inputs.lastFrame ? { lastFrame: deps.openImage(job.inputs.lastFrame) } : {}),
    },
    signal: AbortSignal.timeout(deps.callTimeoutMs),
  });

  const renderKey = {
    model: job.model,
    durationSeconds: job.request.durationSeconds,
    resolution: job.request.resolution,
  };

  const now = clock.now();
  if (job.cancelRequestedAt !== null || now >= job.deadlineAt) {
    const byDeadline = job.cancelRequestedAt === null;
    const warnings = await stopUpstream(job, adapter, context, log);
    const failure: Failure = byDeadline
      ? {
          code: "deadline_exceeded",
          message: `The job did not finish before its deadline (${new Date(job.deadlineAt).toISOString()}).`,
        }
      : { code: "cancelled", message: "Cancelled at the caller's request." };
    await finish({ status: byDeadline ? "failed" : "cancelled", failure, warnings: [...job.warnings, ...warnings] });
    return;
  }

  switch (stageOf(job)) {
    case "submit":
      await submit();
      return;
    case "poll":
      await poll();
      return;
    case "rehost":
      await rehost(job.outputs ?? []);
      return;
  }

  async function submit(): Promise<void> {
    if (job.submittingSince !== null && !adapter.idempotentStart) {
      await settleUnknownCreate(job.submittingSince, "the server stopped while the request was in flight");
      return;
    }
    const sentAt = clock.now();
    const marked = await apply({ submittingSince: sentAt }, false);
    if (marked === null) return;
    try {
      const started = await adapter.start(job.request, context());
      log.info("submitted to provider");
      await recordStarted(started.task, started.warnings, started.pollAfterMs ?? defaultPollMs(spec));
    } catch (error) {
      await onSubmitError(error, sentAt);
    }
  }

  /** The job runs upstream as `task`; progress starts at 0 (estimated), so callers see an ETA at once. */
  async function recordStarted(task: ProviderTask, warnings: Warning[], pollAfterMs: number): Promise<void> {
    const startedAt = clock.now();
    const expectedSeconds =
      (await deps.renderHistory.expectedSeconds(renderKey)) ?? deps.typicalRenderSeconds(spec, job.request);
    await apply({
      status: "running",
      providerTask: task,
      startedAt,
      progress: job.progress ?? 0,
      progressSource: job.progressSource ?? "estimated",
      expectedFinishAt: startedAt + Math.round(expectedSeconds * 1000),
      attempts: 0,
      rateLimits: 0,
      warnings: [...job.warnings, ...warnings],
      nextRunAt: clock.now() + pollAfterMs,
    });
  }

  /**
   * A create that may or may not have started a generation is never sent again (DESIGN.md §5.1):
   * the job follows the task the provider's own records show, where they can be searched, and
   * otherwise ends `submission_unknown`. A lookup that fails is tried again at the next step.
   */
  async function settleUnknownCreate(sentSinceMs: number, detail: string): Promise<void> {
    const search = await findLostCreate(adapter, job, sentSinceMs, context(), store);
    switch (search.outcome) {
      case "found":
        log.info({ task: search.task }, "found the task of a create of unknown outcome");
        await recordStarted(
          search.task,
          [
            {
              code: "create_reconciled",
              message: `The answer to the create was lost (${detail}); Reelay found the generation in ${spec.provider}'s records and follows it.`,
            },
          ],
          0,
        );
        return;
      case "lookup_failed": {
        log.warn({ err: search.error }, "looking for a create of unknown outcome failed");
        const attempts = job.attempts + 1;
        if (attempts < deps.maxSubmitAttempts) {
          await retryLater(attempts, undefined, { attempts, submittingSince: sentSinceMs });
          return;
        }
        await fail(unsettledCreateFailure(search, spec.provider, detail));
        return;
      }
      default:
        await fail(unsettledCreateFailure(search, spec.provider, detail));
    }
  }

  async function onSubmitError(error: unknown, sentAt: number): Promise<void> {
    if (!(error instanceof ProviderCallError)) {
      log.error({ err: error }, "create failed unexpectedly");
      const attempts = job.attempts + 1;
      const message = error instanceof Error ? error.message : String(error);
      if (!adapter.idempotentStart) await settleUnknownCreate(sentAt, message);
      else if (attempts >= deps.maxSubmitAttempts) await fail({ code: "provider_error", message });
      else await retryLater(attempts, undefined, { submittingSince: null, attempts });
      return;
    }
    log.warn({ kind: error.kind, status: error.status, delivery: error.delivery }, "create call failed");
    const mayResend = error.delivery !== "unknown" || adapter.idempotentStart;
    if (!mayResend) {
      await settleUnknownCreate(sentAt, error.message);
      return;
    }
    if (!error.retryable) {
      await fail(failureFromCallError(error, spec.provider));
      return;
    }
    if (error.kind === "rate_limited") {
      await waitOutRateLimit(error, { submittingSince: null });
      return;
    }
    const attempts = job.attempts + 1;
    if (attempts >= deps.maxSubmitAttempts) {
      await fail(failureFromCallError(error, spec.provider));
      return;
    }
    await retryLater(attempts, error.retryAfterMs, { submittingSince: null, attempts });
  }

  /**
   * A rate limit says "not now", not "broken": it uses up no attempt. Each one in a row waits
   * longer (unless the provider says when to come back), so a provider that keeps refusing is not
   * asked every second until the deadline.
   */
  async function waitOutRateLimit(error: ProviderCallError, change: JobChange): Promise<void> {
    const rateLimits = job.rateLimits + 1;
    await retryLater(rateLimits, error.retryAfterMs, { ...change, rateLimits });
  }

  async function poll(): Promise<void> {
    let result;
    try {
      result = await adapter.poll(job.providerTask ?? {}, context());
    } catch (error) {
      await onPollError(error);
      return;
    }
    switch (result.state) {
      case "queued":
      case "running": {
        const reported = result.state === "running" ? result.progress : undefined;
        const estimate = estimateProgress({
          nowMs: clock.now(),
          startedAt: job.startedAt ?? clock.now(),
          expectedFinishAt: job.expectedFinishAt ?? clock.now(),
          previous: job.progress,
          ...(reported === undefined ? {} : { reported }),
        });
        await apply({
          status: result.state,
          attempts: 0,
          rateLimits: 0,
          progress: estimate.progress,
          progressSource: estimate.source,
          expectedFinishAt: estimate.expectedFinishAt,
          nextRunAt: clock.now() + (result.pollAfterMs ?? defaultPollMs(spec)),
        });
        return;
      }
      case "succeeded": {
        if (!result.outputs.some((output) => output.kind === "video")) {
          await fail({ code: "no_output", message: `${spec.provider} reported success but returned no video.` });
          return;
        }
        const saved = await apply({ outputs: result.outputs, attempts: 0, rateLimits: 0 }, false);
        if (saved !== null) await rehost(result.outputs);
        return;
      }
      case "failed":
        await fail(result.failure);
        return;
      case "cancelled":
        await finish({
          status: "cancelled",
          failure: { code: "cancelled", message: `${spec.provider} cancelled the generation.` },
        });
        return;
    }
  }

  async function onPollError(error: unknown): Promise<void> {
    const callError = error instanceof ProviderCallError ? error : null;
    log.warn({ err: error }, "poll failed");
    // A poll blip must never turn a paid render into a failure: retryable errors retry until the deadline.
    if (callError?.kind === "rate_limited") {
      await waitOutRateLimit(callError, {});
      return;
    }
    if (callError?.retryable) {
      const attempts = job.attempts + 1;
      await retryLater(attempts, callError.retryAfterMs, { attempts });
      return;
    }
    const attempts = job.attempts + 1;
    if (attempts >= deps.maxPollErrors) {
      await fail(
        callError
          ? failureFromCallError(callError, spec.provider)
          : { code: "provider_error", message: `Could not read the job's status from ${spec.provider}.` },
      );
      return;
    }
    await retryLater(attempts, undefined, { attempts });
  }

  async function rehost(outputs: ProviderOutput[]): Promise<void> {
    try {
      const authorized = adapter.authorizeDownload
        ? outputs.map((output) => adapter.authorizeDownload?.(output) ?? output)
        : outputs;
      const video = await deps.rehoster.rehost(job.id, authorized);
      log.info({ sizeBytes: video.sizeBytes, durationSeconds: video.durationSeconds }, "job succeeded");
      // From submit to a stored video: what callers wait for, so what the next ETA should say.
      if (job.startedAt !== null) {
        await deps.renderHistory.record(renderKey, (clock.now() - job.startedAt) / 1000, clock.now());
      }
      await finish({
        status: "succeeded",
        video,
        progress: 1,
        progressSource: job.progressSource ?? "provider",
        attempts: 0,
        rateLimits: 0,
      });
    } catch (error) {
      log.warn({ err: error }, "video download failed");
      // Never regenerate: only the download is retried (DESIGN.md §5.4).
      const attempts = job.attempts + 1;
      const retryable = error instanceof OutputDownloadError ? error.retryable : true;
      if (!retryable || attempts >= deps.maxDownloadAttempts) {
        await fail({
          code: downloadFailureCode(error),
          message: `The video was generated but could not be stored: ${error instanceof Error ? error.message : String(error)}`,
        });
        return;
      }
      await retryLater(attempts, undefined, { attempts });
    }
  }
}
