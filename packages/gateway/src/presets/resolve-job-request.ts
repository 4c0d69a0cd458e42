import type { ModelSpec } from "../core/model-spec.ts";
import type { JobCreateInput, JobRequestInput, ResolvedJobRequest, ValidationIssue } from "../core/types.ts";
import { applyStyle } from "./apply-style.ts";
import type { ItemCollection } from "./item-collection.ts";
import type { Category, ItemKind, NamedItem, Preset, Style } from "./preset-types.ts";
import { unknownItemIssue } from "./unknown-item-issue.ts";

/** Where resolving looks up what a request names. */
export interface ResolveSources {
  styles: ItemCollection<Style>;
  categories: ItemCollection<Category>;
  presets: ItemCollection<Preset>;
  /** The catalog's model with this id or alias. */
  findModel(id: string): ModelSpec | undefined;
}

/**
 * Turns a create request into the request the catalog checks. The preset's model and parameters
 * fill in what the request leaves out (its provider options key by key); the preset's style and
 * category apply unless the request names its own; then the style is applied to the prompt. Every
 * id that names nothing is an issue listing the ids there are.
 */
export async function resolveJobRequest(
  tenantId: string,
  input: JobCreateInput,
  sources: ResolveSources,
): Promise<ResolvedJobRequest> {
  const { preset: presetId, style: styleId, category: categoryId, model, ...fields } = input;
  const issues: ValidationIssue[] = [];

  /** The item the request (or else its preset) names; null with an issue when the id names nothing. */
  async function lookUp<T extends NamedItem>(
    collection: ItemCollection<T>,
    kind: ItemKind,
    requested: string | undefined,
    ofPreset: string | null = null,
  ): Promise<T | null> {
    const id = requested ?? ofPreset;
    if (id === null) return null;
    const entry = await collection.find(tenantId, id);
    if (entry !== null) return entry.item;
    const fromPreset = requested === undefined ? presetId : undefined;
    issues.push(unknownItemIssue(kind, id, await collection.ids(tenantId), fromPreset));
    return null;
  }

  const preset = await lookUp(sources.presets, "preset", presetId);
  const style = await lookUp(sources.styles, "style", styleId, preset?.style);
  const category = await lookUp(sources.categories, "category", categoryId, preset?.category);
  const modelId = model ?? preset?.model;
  if (modelId === undefined && presetId === undefined) {
    issues.push({
      field: "model",
      code: "model_required",
      message:
        "A model is required unless preset names a preset; GET /api/v1/models and GET /api/v1/presets list them.",
    });
  }
  if (issues.length > 0 || modelId === undefined) return { ok: false, issues };

  const parameters = preset?.parameters ?? {};
  const providerOptions =
    parameters.providerOptions === undefined && fields.providerOptions === undefined
      ? {}
      : { providerOptions: { ...parameters.providerOptions, ...fields.providerOptions } };
  const filled: JobRequestInput = { ...parameters, ...fields, ...providerOptions, model: modelId };
  const styled =
    style === null ? { request: filled, warnings: [] } : applyStyle(filled, style, sources.findModel(modelId));
  return {
    ok: true,
    request: styled.request,
    labels: { preset: preset?.id ?? null, style: style?.id ?? null, category: category?.id ?? null },
    warnings: styled.warnings,
  };
}
