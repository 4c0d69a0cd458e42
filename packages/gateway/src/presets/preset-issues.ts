import type { RequestCheck } from "../core/model-spec.ts";
import type { JobRequestInput, ValidationIssue } from "../core/types.ts";
import type { Preset } from "./preset-types.ts";

/** Stands in for the prompt of the jobs a preset will make, which it does not know. */
const SAMPLE_PROMPT = "A preset check";

/**
 * What the catalog finds wrong with a preset's model and parameters together, with parameter
 * fields named as in the preset (`parameters.durationSeconds`). That the model needs an image is no
 * problem: the jobs made with the preset bring it.
 */
export function presetCatalogIssues(
  preset: Preset,
  checkRequest: (input: JobRequestInput) => RequestCheck,
): ValidationIssue[] {
  const check = checkRequest({ ...preset.parameters, model: preset.model, prompt: SAMPLE_PROMPT });
  if (check.ok) return [];
  return check.issues
    .filter((issue) => issue.code !== "text_to_video_unsupported")
    .map((issue) => (issue.field === "model" ? issue : { ...issue, field: `parameters.${issue.field}` }));
}
