import { findLostCreate, unsettledCreateFailure } from "./find-lost-create.ts";
import type { StepContext } from "./step-context.ts";
import { recordStarted } from "./step-record-started.ts";

/**
 * A create that may or may not have started a generation is never sent again (DESIGN.md §5.1):
 * the job follows the task the provider's own records show, where they can be searched, and
 * otherwise ends `submission_unknown`. A lookup that fails is tried again at the next step.
 */
export async function settleUnknownCreate(step: StepContext, sentSinceMs: number, detail: string): Promise<void> {
  const { job, deps, spec, adapter, log } = step;
  const search = await findLostCreate(adapter, job, sentSinceMs, step.call, deps.store);
  switch (search.outcome) {
    case "found":
      log.info({ task: search.task }, "found the task of a create of unknown outcome");
      await recordStarted(
        step,
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
        await step.retryLater(attempts, undefined, { attempts, submittingSince: sentSinceMs });
        return;
      }
      await step.fail(unsettledCreateFailure(search, spec.provider, detail));
      return;
    }
    default:
      await step.fail(unsettledCreateFailure(search, spec.provider, detail));
  }
}

/**
 * Why a create still marked as sent when its step begins has no answer. A job whose create was
 * being sent counts attempts only after a failed search of the provider's records, which keeps the
 * mark for the next step; without attempts, the server stopped before the answer was recorded.
 */
export function unansweredCreateDetail(step: StepContext): string {
  if (step.job.attempts === 0) return "the server stopped while the request was in flight";
  return `no answer came, and an earlier search of ${step.spec.provider}'s records for the generation failed`;
}
