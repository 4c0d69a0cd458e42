import { ProviderCallError } from "../core/errors.ts";
import type { PollResult } from "../providers/provider.ts";
import { nextPollDelayMs, type PollScheduleInput } from "./poll-schedule.ts";
import { estimateProgress } from "./progress-estimate.ts";
import type { StepContext } from "./step-context.ts";
import { defaultPollMs, failureFromCallError } from "./step-outcomes.ts";
import { rehost } from "./step-rehost.ts";

/** Asks the provider how the job's render stands and records it; a finished video is re-hosted at once. */
export async function poll(step: StepContext): Promise<void> {
  const { job, deps, spec, adapter } = step;
  let result: PollResult;
  try {
    result = await step.call("poll", (context) => adapter.poll(job.providerTask ?? {}, context));
  } catch (error) {
    await onPollError(step, error);
    return;
  }
  switch (result.state) {
    case "queued":
    case "running": {
      const { clock } = deps;
      const reported = result.state === "running" ? result.progress : undefined;
      const estimate = estimateProgress({
        nowMs: clock.now(),
        startedAt: job.startedAt ?? clock.now(),
        expectedFinishAt: job.expectedFinishAt ?? clock.now(),
        previous: job.progress,
        ...(reported === undefined ? {} : { reported }),
      });
      await step.apply({
        status: result.state,
        attempts: 0,
        rateLimits: 0,
        progress: estimate.progress,
        progressSource: estimate.source,
        expectedFinishAt: estimate.expectedFinishAt,
        nextRunAt:
          clock.now() +
          nextPollDelayMs(
            pollScheduleInput(
              job,
              reported,
              estimate.expectedFinishAt,
              clock.now(),
              result.pollAfterMs ?? defaultPollMs(spec),
            ),
          ),
      });
      return;
    }
    case "succeeded": {
      if (!result.outputs.some((output) => output.kind === "video")) {
        await step.fail({ code: "no_output", message: `${spec.provider} reported success but returned no video.` });
        return;
      }
      const saved = await step.apply({ outputs: result.outputs, attempts: 0, rateLimits: 0 }, false);
      if (saved !== null) await rehost(step, result.outputs);
      return;
    }
    case "failed":
      await step.fail(result.failure);
      return;
    case "cancelled":
      await step.finish({
        status: "cancelled",
        failure: { code: "cancelled", message: `${spec.provider} cancelled the generation.` },
      });
      return;
  }
}

/** What the poll schedule needs of a job just polled; a previous reading counts only if it was the provider's own. */
function pollScheduleInput(
  job: StepContext["job"],
  reported: number | undefined,
  expectedFinishAt: number,
  nowMs: number,
  providerDelayMs: number,
): PollScheduleInput {
  const previous =
    job.progressSource === "provider" && job.progress !== null
      ? { previous: { progress: job.progress, atMs: job.updatedAt } }
      : {};
  return {
    nowMs,
    providerDelayMs,
    startedAt: job.startedAt ?? nowMs,
    expectedFinishAt,
    ...(reported === undefined ? {} : { progress: reported }),
    ...previous,
  };
}

async function onPollError(step: StepContext, error: unknown): Promise<void> {
  const { job, deps, spec } = step;
  const callError = error instanceof ProviderCallError ? error : null;
  step.log.warn({ err: error }, "poll failed");
  // A poll blip must never turn a paid render into a failure: retryable errors retry until the deadline.
  if (callError?.kind === "rate_limited") {
    await step.waitOutRateLimit(callError, {});
    return;
  }
  const attempts = job.attempts + 1;
  if (callError?.retryable) {
    await step.retryLater(attempts, callError.retryAfterMs, { attempts });
    return;
  }
  if (attempts >= deps.maxPollErrors) {
    await step.fail(
      callError
        ? failureFromCallError(callError, spec.provider)
        : { code: "provider_error", message: `Could not read the job's status from ${spec.provider}.` },
    );
    return;
  }
  await step.retryLater(attempts, undefined, { attempts });
}
