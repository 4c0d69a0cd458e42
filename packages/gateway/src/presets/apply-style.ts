import type { ModelSpec } from "../core/model-spec.ts";
import type { JobRequestInput, Warning } from "../core/types.ts";
import type { Style } from "./preset-types.ts";

/**
 * The request with `style` applied: the prompt gets the style's prefix and suffix, and the style's
 * negative prompt joins the request's (`, `) when the model takes negative prompts; otherwise it is
 * dropped with a warning. A missing or blank prompt is left alone, so that the catalog still
 * reports a prompt the request needs, and an image-only request is not given a bare suffix as prompt.
 * `spec` is the request's model, undefined when the catalog does not know it (it says so then).
 */
export function applyStyle(
  request: JobRequestInput,
  style: Style,
  spec: ModelSpec | undefined,
): { request: JobRequestInput; warnings: Warning[] } {
  const prompt = request.prompt;
  const styled =
    prompt === undefined || prompt.trim() === ""
      ? request
      : { ...request, prompt: `${style.promptPrefix}${prompt}${style.promptSuffix}` };
  if (style.negativePrompt === null || spec === undefined) return { request: styled, warnings: [] };
  if (!spec.negativePrompt) {
    return {
      request: styled,
      warnings: [
        {
          code: "style_negative_prompt_dropped",
          message: `${spec.id} takes no negative prompt, so the negative prompt of style "${style.id}" ("${style.negativePrompt}") was left out.`,
        },
      ],
    };
  }
  const negativePrompt = [request.negativePrompt, style.negativePrompt]
    .filter((text): text is string => text !== undefined && text.trim() !== "")
    .join(", ");
  return { request: { ...styled, negativePrompt }, warnings: [] };
}
