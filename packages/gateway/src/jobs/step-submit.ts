import { ProviderCallError } from "../core/errors.ts";
import type { StepContext } from "./step-context.ts";
import { recordStarted } from "./step-record-started.ts";
import { defaultPollMs, failureFromCallError } from "./step-outcomes.ts";
import { settleUnknownCreate, unansweredCreateDetail } from "./step-unknown-create.ts";

/**
 * Sends the job's create to its provider. The job is marked as being sent first, so a create whose
 * answer never arrives, even across a crash, is settled instead of sent again.
 */
export async function submit(step: StepContext): Promise<void> {
  const { job, deps, spec, adapter } = step;
  if (job.submittingSince !== null && !adapter.idempotentStart) {
    await settleUnknownCreate(step, job.submittingSince, unansweredCreateDetail(step));
    return;
  }
  const sentAt = deps.clock.now();
  const marked = await step.apply({ submittingSince: sentAt }, false);
  if (marked === null) return;
  try {
    const started = await step.call("create", (context) => adapter.start(job.request, context));
    step.log.info("submitted to provider");
    await recordStarted(step, started.task, started.warnings, started.pollAfterMs ?? defaultPollMs(spec));
  } catch (error) {
    await onSubmitError(step, error, sentAt);
  }
}

async function onSubmitError(step: StepContext, error: unknown, sentAt: number): Promise<void> {
  const { job, deps, spec, adapter, log } = step;
  if (!(error instanceof ProviderCallError)) {
    log.error({ err: error }, "create failed unexpectedly");
    const attempts = job.attempts + 1;
    const message = error instanceof Error ? error.message : String(error);
    if (!adapter.idempotentStart) await settleUnknownCreate(step, sentAt, message);
    else if (attempts >= deps.maxSubmitAttempts) await step.fail({ code: "provider_error", message });
    else await step.retryLater(attempts, undefined, { submittingSince: null, attempts });
    return;
  }
  log.warn({ kind: error.kind, status: error.status, delivery: error.delivery }, "create call failed");
  const mayResend = error.delivery !== "unknown" || adapter.idempotentStart;
  if (!mayResend) {
    await settleUnknownCreate(step, sentAt, error.message);
    return;
  }
  if (!error.retryable) {
    await step.fail(failureFromCallError(error, spec.provider));
    return;
  }
  if (error.kind === "rate_limited") {
    await step.waitOutRateLimit(error, { submittingSince: null });
    return;
  }
  const attempts = job.attempts + 1;
  if (attempts >= deps.maxSubmitAttempts) {
    await step.fail(failureFromCallError(error, spec.provider));
    return;
  }
  await step.retryLater(attempts, error.retryAfterMs, { submittingSince: null, attempts });
}
