import { frameSize } from "../core/frame-size.ts";
import type { ImageFacts, ImageRequirements, InputImageFacts, ModelSpec } from "../core/model-spec.ts";
import type { NormalizedRequest, Warning } from "../core/types.ts";
import { IMAGE_ROLES, aspectRatioValue, describeShape, type ImageRole } from "./image-roles.ts";

/**
 * How far an image's width ÷ height may stray from the video's before the caller is told. Common
 * sizes miss their nominal ratio by a little (1920×1088 and 854×480 by under 1%); Reelay still
 * trims those pixels, but nobody needs a note about it.
 */
const ASPECT_TOLERANCE = 0.01;

/**
 * What Reelay will change about a valid request's images to fit the model: cropping or padding an
 * image to the video's shape (models with `match`) or into the provider's accepted shapes
 * (`aspectRange`). These are notes, not issues: the job runs, but the caller should know that part
 * of the picture will be cut off or letterboxed.
 */
export function inputImageNotes(spec: ModelSpec, request: NormalizedRequest, images?: InputImageFacts): Warning[] {
  const requirements = spec.imageInput;
  if (requirements === undefined) return [];
  return IMAGE_ROLES.flatMap((role) => {
    const facts = images?.[role.field];
    if (request[role.field] === undefined || facts === undefined) return [];
    const note = shapeNote(spec, requirements, role, facts, request);
    return note === undefined ? [] : [note];
  });
}

function shapeNote(
  spec: ModelSpec,
  requirements: ImageRequirements,
  role: ImageRole,
  facts: ImageFacts,
  request: NormalizedRequest,
): Warning | undefined {
  const imageAspect = facts.width / facts.height;
  const shape = `${describeShape(facts.width, facts.height)} (${facts.width}×${facts.height})`;
  const code = requirements.fit === "crop" ? "image_will_be_cropped" : "image_will_be_padded";
  const verb = requirements.fit === "crop" ? "cropped" : "padded";
  if (requirements.match !== undefined) {
    // The spec check guarantees that every offered aspect ratio lies within `aspectRange`, so
    // fitting to the video's shape also satisfies the range.
    const videoAspect = aspectRatioValue(request.aspectRatio);
    if (Math.abs(imageAspect / videoAspect - 1) <= ASPECT_TOLERANCE) return undefined;
    const target =
      requirements.match === "exact_size" ? ` (${formatSize(frameSize(request.aspectRatio, request.resolution))})` : "";
    return {
      code,
      message: `The ${role.name} is ${shape} and will be ${verb} to ${request.aspectRatio}${target} for ${spec.id}.`,
    };
  }
  const range = requirements.aspectRange;
  // No tolerance here: providers refuse an image even slightly outside their range.
  if (range === undefined || (imageAspect >= range.min && imageAspect <= range.max)) return undefined;
  return {
    code,
    message: `The ${role.name} is ${shape}, outside the shapes ${spec.id} accepts (width ÷ height ${range.min} to ${range.max}), and will be ${verb} to fit.`,
  };
}

function formatSize(size: { width: number; height: number }): string {
  return `${size.width}×${size.height}`;
}
