import type { ProviderTask, Warning } from "../core/types.ts";
import type { StepContext } from "./step-context.ts";

/** The job runs upstream as `task`; progress starts at 0 (estimated), so callers see an ETA at once. */
export async function recordStarted(
  step: StepContext,
  task: ProviderTask,
  warnings: Warning[],
  pollAfterMs: number,
): Promise<void> {
  const { job, deps, spec, adapter } = step;
  const startedAt = deps.clock.now();
  const expectedSeconds =
    (await deps.renderHistory.expectedSeconds(step.renderKey)) ?? deps.typicalRenderSeconds(spec, job.request);
  await step.apply({
    status: "running",
    providerTask: task,
    upstreamId: adapter.upstreamId?.(task) ?? null,
    startedAt,
    progress: job.progress ?? 0,
    progressSource: job.progressSource ?? "estimated",
    expectedFinishAt: startedAt + Math.round(expectedSeconds * 1000),
    attempts: 0,
    rateLimits: 0,
    warnings: [...job.warnings, ...warnings],
    nextRunAt: deps.clock.now() + pollAfterMs,
  });
}
