import type { ModelView } from "@reelay/client";
import type { ModelSpec } from "../core/model-spec.ts";

/** What the server knows of a model beyond its catalog entry. */
export interface ModelFacts {
  /** Why this server cannot run the model now, or null when it can. */
  unavailableReason(spec: ModelSpec): string | null;
  /** The `providerOptions` the model takes, with their values. */
  providerOptionValues(spec: ModelSpec): Record<string, string[]>;
}

/** The public view of a catalog model, with whether this server can run it now. */
export function toModelView(spec: ModelSpec, facts: ModelFacts): ModelView {
  const unavailableReason = facts.unavailableReason(spec);
  return {
    id: spec.id,
    object: "model",
    provider: spec.provider,
    vendorModelId: spec.vendorModelId,
    label: spec.label,
    lifecycle: spec.lifecycle,
    inputs: spec.inputs,
    durationsSeconds: spec.durationsSeconds,
    aspectRatios: spec.aspectRatios,
    resolutions: spec.resolutions,
    audio: spec.audio,
    seed: spec.seed,
    negativePrompt: spec.negativePrompt,
    providerOptions: facts.providerOptionValues(spec),
    promptMaxLength: spec.promptMaxLength,
    defaults: spec.defaults,
    constraints: spec.constraints,
    pricePerSecondUsd: spec.pricing.perSecondUsd,
    typicalRenderSeconds: spec.typicalRenderSeconds,
    available: unavailableReason === null,
    unavailableReason,
  };
}
