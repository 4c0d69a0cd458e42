import type { ModelView } from "@reelay/client";
import type { NormalizedRequest, Resolution, ValidationIssue, Warning } from "./types.ts";

/** How a model is priced. List prices in US dollars; the provider's bill is the truth. */
export interface ModelPricing {
  /** Price per generated second. */
  perSecondUsd: number;
  /** Price per second at particular resolutions, where it differs. */
  perSecondUsdByResolution?: Partial<Record<Resolution, number>>;
  /** Price per second when audio is generated, where it differs. */
  perSecondUsdWithAudio?: number;
}

/** Image formats Reelay can hand to providers. */
export type ImageFormat = "jpeg" | "png" | "webp";

/**
 * What a model's provider accepts as an input image (first or last frame). Reelay prepares every
 * image to fit: converts the format, scales down, crops or pads, re-encodes to fit the byte limit,
 * and reports each change as a warning on the job.
 */
export interface ImageRequirements {
  /** Formats the provider accepts, preferred first; an image in another format is converted. */
  formats: ImageFormat[];
  /** Largest prepared file in bytes (for inline base64 or data URIs, of the decoded bytes). */
  maxBytes: number;
  /** Longest side in pixels; a larger image is scaled down. */
  maxSidePx?: number;
  /** Shortest side in pixels; a smaller image is refused (upscaling would only blur it). */
  minSidePx?: number;
  /** Allowed width ÷ height; outside it the image is cropped or padded into range. */
  aspectRange?: { min: number; max: number };
  /**
   * Whether the image must match the video: `exact_size` (same pixels as the output, e.g. Sora) or
   * `aspect` (same shape); absent when any shape is accepted.
   */
  match?: "exact_size" | "aspect";
  /** How a shape mismatch is fixed: `crop` (cover, centred) or `pad` (contain, letterbox). */
  fit: "crop" | "pad";
  /**
   * How the adapter hands the image over: `inline` (base64 or data URI in the request), `url` (a
   * signed temporary Reelay URL the provider fetches), or `provider_upload` (the provider's own
   * upload endpoint).
   */
  delivery: "inline" | "url" | "provider_upload";
  /**
   * Whether image-to-video still needs a prompt (e.g. Runway gen4.5, PixVerse). Absent or false:
   * the image alone is enough. Text-to-video always needs a prompt.
   */
  promptRequired?: boolean;
}

/**
 * Everything the catalog knows about one model. Data, not code. The public `ModelView` is this
 * plus availability and the provider options its adapter takes, with the pricing flattened to its
 * base price.
 */
export interface ModelSpec extends Omit<
  ModelView,
  "object" | "available" | "unavailableReason" | "pricePerSecondUsd" | "providerOptions"
> {
  pricing: ModelPricing;
  /** What input images must look like; present when the model takes a first or last frame. */
  imageInput?: ImageRequirements;
  /** Older ids that resolve to this model (e.g. the original app's preview ids). */
  aliases?: string[];
}

/**
 * What Reelay knows about one input image when it validates a request. URLs and data URIs are
 * uploaded by the job service before validation, so every image is an upload by then.
 */
export interface ImageFacts {
  /** The upload holding the image. */
  uploadId: string;
  /** Width in pixels, upright (after EXIF rotation). */
  width: number;
  /** Height in pixels, upright. */
  height: number;
  /** MIME type sniffed from the bytes, e.g. `image/png`. */
  mediaType: string;
}

/** Facts about a request's input images, by request field. */
export interface InputImageFacts {
  image?: ImageFacts;
  lastFrame?: ImageFacts;
}

/** The catalog's verdict on a request: the normalised request with its quote, or every problem. */
export type RequestCheck =
  | {
      ok: true;
      spec: ModelSpec;
      request: NormalizedRequest;
      priceUsd: number;
      expectedRenderSeconds: number;
      /** What Reelay will change to run the request (e.g. an image cropped to the video's shape). */
      notes?: Warning[];
    }
  | {
      ok: false;
      issues: ValidationIssue[];
      /** Set when the model is retired, so that the HTTP layer can answer 410. */
      retired?: { model: string; since?: string; replacement?: string };
    };
