import { frameSize } from "../core/frame-size.ts";
import type { ModelSpec } from "../core/model-spec.ts";
import type { AspectRatio, Resolution } from "../core/types.ts";

/** One frame size a model renders, as OpenAI's `size` and as Reelay's shape names. */
export interface OfferedSize {
  /** `WxH` in pixels, e.g. `1280x720`. */
  size: string;
  aspectRatio: AspectRatio;
  resolution: Resolution;
}

/** OpenAI's `size` of a shape: `16:9` at `720p` is `1280x720`. */
export function sizeOf(aspectRatio: AspectRatio, resolution: Resolution): string {
  const { width, height } = frameSize(aspectRatio, resolution);
  return `${width}x${height}`;
}

/** Every size `spec` renders: each of its aspect ratios at each of its resolutions. */
export function offeredSizes(spec: ModelSpec): OfferedSize[] {
  return spec.aspectRatios.flatMap((aspectRatio) =>
    spec.resolutions.map((resolution) => ({ size: sizeOf(aspectRatio, resolution), aspectRatio, resolution })),
  );
}
