import type { ModelSpec } from "../core/model-spec.ts";
import type { ProviderAdapter, ProviderContext } from "../providers/provider.ts";
import type { JobStepDependencies } from "./job-step.ts";
import type { RenderKey } from "./render-history.ts";
import type { ProviderCaller, StepTelemetry } from "./step-telemetry.ts";
import type { StepWrites } from "./step-writes.ts";

/** The model a job runs on: its catalog entry and the adapter of its provider. */
export interface ResolvedModel {
  spec: ModelSpec;
  adapter: ProviderAdapter;
}

/** What every stage of a step (submit, poll, re-host) needs besides the writes to its job. */
export interface StepContext extends StepWrites, ResolvedModel {
  deps: JobStepDependencies;
  /** What the job's render time is remembered by. */
  renderKey: RenderKey;
  /** Makes one provider call, each with its own time limit, reported to the job's telemetry. */
  call: ProviderCaller;
  /** Tells the job's telemetry that the finished video is stored. */
  telemetry: Pick<StepTelemetry, "stored">;
}

export function createStepContext(
  writes: StepWrites,
  model: ResolvedModel,
  deps: JobStepDependencies,
  telemetry: StepTelemetry,
): StepContext {
  const { job } = writes;
  const { spec } = model;
  const providerContext = (): ProviderContext => ({
    jobId: job.id,
    spec,
    clock: deps.clock,
    fetch: deps.fetch,
    images: {
      ...(job.inputs.image ? { image: deps.openImage(job.inputs.image) } : {}),
      ...(job.inputs.lastFrame ? { lastFrame: deps.openImage(job.inputs.lastFrame) } : {}),
    },
    signal: AbortSignal.timeout(deps.callTimeoutMs),
    callbackUrl: deps.callbackUrl(spec.provider),
  });
  return {
    ...writes,
    ...model,
    deps,
    renderKey: { model: job.model, durationSeconds: job.request.durationSeconds, resolution: job.request.resolution },
    call: (operation, run) => telemetry.call(operation, providerContext(), run),
    telemetry,
  };
}
