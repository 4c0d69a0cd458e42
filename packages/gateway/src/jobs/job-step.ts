import type { Logger } from "pino";
import type { Clock } from "../core/clock.ts";
import type { ModelSpec } from "../core/model-spec.ts";
import type {
  Failure,
  JobRecord,
  NormalizedRequest,
  OutputRehoster,
  PreparedImageRecord,
  ProviderId,
} from "../core/types.ts";
import type { PreparedImage } from "../providers/provider.ts";
import type { BackoffPolicy } from "./backoff.ts";
import type { JobStore } from "./job-store.ts";
import type { RenderHistory } from "./render-history.ts";
import { NO_TELEMETRY, type JobTelemetry } from "./job-telemetry.ts";
import { createStepContext, type ResolvedModel, type StepContext } from "./step-context.ts";
import { poll } from "./step-poll.ts";
import { rehost } from "./step-rehost.ts";
import { submit } from "./step-submit.ts";
import { createStepTelemetry } from "./step-telemetry.ts";
import { createStepWrites } from "./step-writes.ts";
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
  resolveModel(modelId: string): ResolvedModel | null;
  /** Render times learnt from finished jobs: the ETA of the next ones. */
  renderHistory: RenderHistory;
  /** The catalog's render time for a request, used until the history knows better. */
  typicalRenderSeconds(spec: ModelSpec, request: NormalizedRequest): number;
  /** The handle an adapter gets for one of the job's prepared input images. */
  openImage(record: PreparedImageRecord): PreparedImage;
  rehoster: OutputRehoster;
  /** Where `provider` should post callbacks about a job, or null when callbacks are off. */
  callbackUrl(provider: ProviderId): string | null;
  /** Hears of every provider call and write of the job steps (metrics, the timeline); none when absent. */
  telemetry?: JobTelemetry;
}

/**
 * Runs one step of a claimed job: stop it (cancel or deadline), submit it, poll it, or re-host its
 * video. Every write is compare-and-set on the lease; a step whose lease was lost writes nothing.
 */
export async function runJobStep(job: JobRecord, leaseToken: string, deps: JobStepDependencies): Promise<void> {
  const telemetry = createStepTelemetry(job, deps.telemetry ?? NO_TELEMETRY, deps.clock);
  const writes = createStepWrites(job, leaseToken, deps, telemetry.written);
  const resolved = deps.resolveModel(job.model);
  if (resolved === null) {
    await writes.fail({ code: "provider_error", message: `Model ${job.model} cannot run on this server any more.` });
    return;
  }
  const step = createStepContext(writes, resolved, deps, telemetry);
  if (job.cancelRequestedAt !== null || deps.clock.now() >= job.deadlineAt) {
    await stop(step);
    return;
  }
  // Where the job's data says it stands: not yet started upstream, rendering, or rendered.
  if (job.providerTask === null) await submit(step);
  else if (job.outputs === null) await poll(step);
  else await rehost(step, job.outputs);
}

/** Ends a job that was cancelled or ran out of time, asking the provider to stop its render. */
async function stop(step: StepContext): Promise<void> {
  const { job } = step;
  const byDeadline = job.cancelRequestedAt === null;
  const warnings = await stopUpstream(job, step.adapter, step.call, step.log);
  const failure: Failure = byDeadline
    ? {
        code: "deadline_exceeded",
        message: `The job did not finish before its deadline (${new Date(job.deadlineAt).toISOString()}).`,
      }
    : { code: "cancelled", message: "Cancelled at the caller's request." };
  await step.finish({ status: byDeadline ? "failed" : "cancelled", failure, warnings: [...job.warnings, ...warnings] });
}
