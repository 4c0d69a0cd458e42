import type { ModelView } from "@reelay/client";
import type { NormalizedRequest, Resolution, ValidationIssue } from "./types.ts";

/** How a model is priced. List prices in US dollars; the provider's bill is the truth. */
export interface ModelPricing {
  /** Price per generated second. */
  perSecondUsd: number;
  /** Price per second at particular resolutions, where it differs. */
  perSecondUsdByResolution?: Partial<Record<Resolution, number>>;
  /** Price per second when audio is generated, where it differs. */
  perSecondUsdWithAudio?: number;
}

/**
 * Everything the catalog knows about one model. Data, not code. The public `ModelView` is this
 * plus availability, with the pricing flattened to its base price.
 */
export interface ModelSpec extends Omit<ModelView, "object" | "available" | "unavailableReason" | "pricePerSecondUsd"> {
  pricing: ModelPricing;
  /** Older ids that resolve to this model (e.g. the original app's preview ids). */
  aliases?: string[];
}

/** The catalog's verdict on a request: the normalised request with its quote, or every problem. */
export type RequestCheck =
  | { ok: true; spec: ModelSpec; request: NormalizedRequest; priceUsd: number; expectedRenderSeconds: number }
  | {
      ok: false;
      issues: ValidationIssue[];
      /** Set when the model is retired, so that the HTTP layer can answer 410. */
      retired?: { model: string; since?: string; replacement?: string };
    };
