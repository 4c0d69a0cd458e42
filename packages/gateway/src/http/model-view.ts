import type { ModelView } from "@reelay/client";
import type { ModelSpec } from "../core/model-spec.ts";

/** The public view of a catalog model, with whether this server can run it now. */
export function toModelView(spec: ModelSpec, unavailableReason: string | null): ModelView {
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
    promptMaxLength: spec.promptMaxLength,
    defaults: spec.defaults,
    constraints: spec.constraints,
    pricePerSecondUsd: spec.pricing.perSecondUsd,
    typicalRenderSeconds: spec.typicalRenderSeconds,
    available: unavailableReason === null,
    unavailableReason,
  };
}
