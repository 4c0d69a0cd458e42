import type { AspectRatio, ModelInputs } from "../core/types.ts";

/** One of a request's image fields: what it is called in messages and which input flag allows it. */
export interface ImageRole {
  /** Request field. */
  field: "image" | "lastFrame";
  /** Name used in messages. */
  name: string;
  /** The `ModelInputs` flag that says whether a model takes it. */
  input: keyof Pick<ModelInputs, "firstFrame" | "lastFrame">;
}

export const IMAGE_ROLES: readonly ImageRole[] = [
  { field: "image", name: "first frame", input: "firstFrame" },
  { field: "lastFrame", name: "last frame", input: "lastFrame" },
];

/** Width ÷ height of an aspect ratio name such as `16:9`. */
export function aspectRatioValue(ratio: AspectRatio): number {
  const [width = 1, height = 1] = ratio.split(":").map(Number);
  return width / height;
}

/** Largest parts a reduced ratio may have and still read as a ratio (`4:3`, `21:9`, `32:9`). */
const MAX_RATIO_PART = 32;

/** A picture's shape for messages: `4:3` when it reduces to small numbers, else `1.50:1`. */
export function describeShape(width: number, height: number): string {
  const divisor = greatestCommonDivisor(width, height);
  const [w, h] = [width / divisor, height / divisor];
  if (w <= MAX_RATIO_PART && h <= MAX_RATIO_PART) return `${w}:${h}`;
  return width >= height ? `${(width / height).toFixed(2)}:1` : `1:${(height / width).toFixed(2)}`;
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}
