import type { ImageRequirements } from "../core/model-spec.ts";
import type { Warning } from "../core/types.ts";
import { formatRatio, formatSize } from "./image-text.ts";

/** One geometric change, in the pixel coordinates of the image as it is at that point. */
export type ShapeStep =
  | { kind: "crop"; left: number; top: number; width: number; height: number }
  | { kind: "pad"; top: number; bottom: number; left: number; right: number }
  | { kind: "resize"; width: number; height: number };

/** The geometric changes an image needs for a model, the size they lead to, and a warning each. */
export interface ShapePlan {
  steps: ShapeStep[];
  width: number;
  height: number;
  warnings: Warning[];
}

interface Frame {
  width: number;
  height: number;
}

/**
 * The shape an image must take. `bound` says how to round: a crop or pad to an aspect *bound*
 * must land inside the allowed range (so it rounds away from the bound's wrong side); a match to
 * the video's frame rounds to the nearest pixel.
 */
interface TargetShape {
  ratio: number;
  bound: "at_most" | "at_least" | "nearest";
  /** Ends the warning's sentence: "to match the video's 16:9 frame". */
  why: string;
}

function targetShape(width: number, height: number, requirements: ImageRequirements, frame: Frame): TargetShape | null {
  if (requirements.match !== undefined) {
    const ratio = frame.width / frame.height;
    return { ratio, bound: "nearest", why: `to match the video's ${formatRatio(ratio)} frame` };
  }
  const range = requirements.aspectRange;
  if (range === undefined) return null;
  const ratio = width / height;
  if (ratio > range.max) {
    return {
      ratio: range.max,
      bound: "at_most",
      why: `to ${formatRatio(range.max)}, the widest shape this model accepts`,
    };
  }
  if (ratio < range.min) {
    return {
      ratio: range.min,
      bound: "at_least",
      why: `to ${formatRatio(range.min)}, the tallest shape this model accepts`,
    };
  }
  return null;
}

/** Crops (centred) or pads (centred, black) the plan's image to the target ratio. */
function reshape(plan: ShapePlan, target: TargetShape, fit: ImageRequirements["fit"]): void {
  const { width, height } = plan;
  const tooWide = width / height > target.ratio;
  // Shrinking a side rounds down for `at_most` when cropping width, up when padding height, and so
  // on: each case keeps the result on the allowed side of the bound.
  const down = (value: number) => Math.max(1, target.bound === "nearest" ? Math.round(value) : Math.floor(value));
  const up = (value: number) => Math.max(1, target.bound === "nearest" ? Math.round(value) : Math.ceil(value));
  let newWidth = width;
  let newHeight = height;
  if (fit === "crop") {
    if (tooWide) newWidth = Math.min(width, down(height * target.ratio));
    else newHeight = Math.min(height, down(width / target.ratio));
  } else {
    if (tooWide) newHeight = Math.max(height, up(width / target.ratio));
    else newWidth = Math.max(width, up(height * target.ratio));
  }
  if (newWidth === width && newHeight === height) return;
  const from = formatSize(width, height);
  const to = formatSize(newWidth, newHeight);
  if (fit === "crop") {
    const left = Math.floor((width - newWidth) / 2);
    const top = Math.floor((height - newHeight) / 2);
    plan.steps.push({ kind: "crop", left, top, width: newWidth, height: newHeight });
    plan.warnings.push({
      code: "image_cropped",
      message: `The image was cropped from ${from} to ${to} ${target.why}.`,
    });
  } else {
    const left = Math.floor((newWidth - width) / 2);
    const top = Math.floor((newHeight - height) / 2);
    const right = newWidth - width - left;
    const bottom = newHeight - height - top;
    plan.steps.push({ kind: "pad", top, bottom, left, right });
    plan.warnings.push({
      code: "image_padded",
      message: `The image was padded with black bars from ${from} to ${to} ${target.why}.`,
    });
  }
  plan.width = newWidth;
  plan.height = newHeight;
}

function resize(plan: ShapePlan, width: number, height: number, why: string): void {
  const verb = width * height > plan.width * plan.height ? "scaled up" : "scaled down";
  plan.warnings.push({
    code: "image_resized",
    message: `The image was ${verb} from ${formatSize(plan.width, plan.height)} to ${formatSize(width, height)}${why}.`,
  });
  plan.steps.push({ kind: "resize", width, height });
  plan.width = width;
  plan.height = height;
}

/**
 * Plans the geometry for a model: crop or pad to the video's shape (`match`) or into the allowed
 * aspect range, then resize to the exact frame (`exact_size`) or down to `maxSidePx`. An exact
 * size wins over `maxSidePx`: the provider refuses anything else.
 */
export function planShape(width: number, height: number, requirements: ImageRequirements, frame: Frame): ShapePlan {
  const plan: ShapePlan = { steps: [], width, height, warnings: [] };
  const target = targetShape(width, height, requirements, frame);
  if (target !== null) reshape(plan, target, requirements.fit);
  if (requirements.match === "exact_size") {
    if (plan.width !== frame.width || plan.height !== frame.height) {
      resize(plan, frame.width, frame.height, ", the exact frame size this model requires");
    }
    return plan;
  }
  const maxSide = requirements.maxSidePx;
  if (maxSide !== undefined && Math.max(plan.width, plan.height) > maxSide) {
    const scale = maxSide / Math.max(plan.width, plan.height);
    const scaledWidth = plan.width >= plan.height ? maxSide : Math.max(1, Math.round(plan.width * scale));
    const scaledHeight = plan.height > plan.width ? maxSide : Math.max(1, Math.round(plan.height * scale));
    resize(plan, scaledWidth, scaledHeight, `; this model accepts at most ${maxSide} px on the longest side`);
  }
  return plan;
}
