import type { ImageFacts, InputImageFacts, ModelSpec } from "../core/model-spec.ts";
import type { JobRequestInput, ValidationIssue } from "../core/types.ts";
import { IMAGE_ROLES, type ImageRole } from "./image-roles.ts";

const MODELS_ENDPOINT = "GET /api/v1/models";
const UPLOADS_ENDPOINT = "POST /api/v1/uploads";
const MAX_SUGGESTIONS = 3;

/** True when the request asks for image-to-video: a first frame, to a model that takes one. */
export function isImageToVideo(spec: ModelSpec, input: JobRequestInput): boolean {
  return input.image !== undefined && spec.inputs.firstFrame;
}

/**
 * Problems with a request's images: a frame the model does not take, a last frame without a
 * first, an image whose facts are missing (the caller could not store or measure it), or one too
 * small for the provider. Shape mismatches are not problems: Reelay crops or pads (see
 * `inputImageNotes`).
 *
 * Throws when a fact's `uploadId` contradicts the upload the request names: that is a wiring
 * mistake in the caller (facts swapped or stale), not bad input, and must not pass as valid.
 */
export function inputImageIssues(
  spec: ModelSpec,
  input: JobRequestInput,
  images: InputImageFacts | undefined,
  models: readonly ModelSpec[],
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const role of IMAGE_ROLES) {
    const given = input[role.field];
    if (given === undefined) continue;
    if (!spec.inputs[role.input]) {
      issues.push(unsupportedImage(spec, role, models));
      continue;
    }
    const facts = images?.[role.field];
    if (facts === undefined) {
      issues.push(unresolvedImage(spec, role));
      continue;
    }
    if ("uploadId" in given && given.uploadId !== facts.uploadId) {
      throw new Error(
        `Image facts for ${role.field} describe upload ${facts.uploadId}, but the request names ${given.uploadId}.`,
      );
    }
    issues.push(...sizeIssues(spec, role, facts));
  }
  // Every provider in the references refuses a last frame alone (Veo: `lastFrame` requires
  // `image`; Runway veo3.1: "last-only not allowed"; PixVerse transition and Vidu start-end2video
  // take exactly two frames), so the rule holds for every model. A model that ever takes a last
  // frame alone needs a flag in `ImageRequirements`.
  if (input.lastFrame !== undefined && input.image === undefined && spec.inputs.lastFrame) {
    issues.push({
      field: "lastFrame",
      code: "first_frame_required",
      message: `${spec.id} takes a last frame only together with a first frame; add image or leave lastFrame out.`,
    });
  }
  return issues;
}

function unsupportedImage(spec: ModelSpec, role: ImageRole, models: readonly ModelSpec[]): ValidationIssue {
  const suggestions = modelsTaking(role, spec, models);
  const alternatives =
    suggestions.length > 0 ? ` or choose a model that takes one, e.g. ${suggestions.join(", ")}` : "";
  return {
    field: role.field,
    code: "unsupported_field",
    message: `${spec.id} does not take a ${role.name}; leave ${role.field} out${alternatives}. ${MODELS_ENDPOINT} lists every model's inputs.`,
  };
}

/** Active models that take this kind of frame, the same provider's first, in catalog order. */
function modelsTaking(role: ImageRole, spec: ModelSpec, models: readonly ModelSpec[]): string[] {
  const sameProviderFirst = (candidate: ModelSpec): number => (candidate.provider === spec.provider ? 0 : 1);
  return models
    .filter((candidate) => candidate.inputs[role.input] && candidate.lifecycle.status === "active")
    .toSorted((a, b) => sameProviderFirst(a) - sameProviderFirst(b))
    .slice(0, MAX_SUGGESTIONS)
    .map((candidate) => candidate.id);
}

function unresolvedImage(spec: ModelSpec, role: ImageRole): ValidationIssue {
  return {
    field: role.field,
    code: "image_unresolved",
    message: `The ${role.name} (${role.field}) could not be read, so it cannot be checked against ${spec.id}'s image limits; upload it with ${UPLOADS_ENDPOINT} and pass { "uploadId": … }.`,
  };
}

function sizeIssues(spec: ModelSpec, role: ImageRole, facts: ImageFacts): ValidationIssue[] {
  const minSidePx = spec.imageInput?.minSidePx;
  const shortSide = Math.min(facts.width, facts.height);
  if (minSidePx === undefined || shortSide >= minSidePx) return [];
  // Too large is never a problem (Reelay scales down); too small is, because upscaling only blurs.
  return [
    {
      field: role.field,
      code: "image_too_small",
      message: `The ${role.name} is ${facts.width}×${facts.height} px; ${spec.id} needs at least ${minSidePx} px on the shorter side, and upscaling would only blur it. Use a larger image.`,
    },
  ];
}
