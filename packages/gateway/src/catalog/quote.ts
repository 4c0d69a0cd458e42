import type { ModelSpec } from "../core/model-spec.ts";
import type { NormalizedRequest } from "../core/types.ts";

/** The parts of a request that decide its price and render time. */
export type QuotedRequest = Pick<NormalizedRequest, "durationSeconds" | "resolution" | "audio">;

/**
 * List price of a request in US dollars, rounded to cents.
 *
 * Per second: the price for the request's resolution (or the base price), plus, when audio is
 * generated, the audio premium `perSecondUsdWithAudio - perSecondUsd`. Providers price audio as a
 * surcharge on top of the video, so the premium is the same at every resolution.
 */
export function quotePriceUsd(spec: ModelSpec, request: QuotedRequest): number {
  const { pricing } = spec;
  const videoPerSecondUsd = pricing.perSecondUsdByResolution?.[request.resolution] ?? pricing.perSecondUsd;
  const audioPerSecondUsd =
    request.audio && pricing.perSecondUsdWithAudio !== undefined
      ? pricing.perSecondUsdWithAudio - pricing.perSecondUsd
      : 0;
  return roundToCents((videoPerSecondUsd + audioPerSecondUsd) * request.durationSeconds);
}

/**
 * Expected submit-to-finish time in seconds, before any history exists for the model.
 *
 * `typicalRenderSeconds` is taken to hold for the model's default duration. About half of a
 * render is fixed (queueing, model start-up, upload) and half grows with the clip, so the time
 * scales as `typical × (½ + ½ × duration / default duration)`: a clip twice as long takes 1.5×.
 */
export function expectedRenderSeconds(spec: ModelSpec, request: Pick<NormalizedRequest, "durationSeconds">): number {
  const lengthRatio = request.durationSeconds / spec.defaults.durationSeconds;
  return Math.max(1, Math.round(spec.typicalRenderSeconds * (0.5 + 0.5 * lengthRatio)));
}

function roundToCents(amountUsd: number): number {
  // Trimming to 12 significant digits first drops binary float noise (0.145 × 100 is
  // 14.499999…), so half-cents round up as a person would expect.
  return Math.round(Number((amountUsd * 100).toPrecision(12))) / 100;
}
