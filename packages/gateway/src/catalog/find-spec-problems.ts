import type { ModelSpec } from "../core/model-spec.ts";
import type { ModelConstraint } from "../core/types.ts";
import {
  CONSTRAINED_FIELDS,
  allowedValues,
  conditionValues,
  constraintApplies,
  defaultValues,
  namedFields,
  violatedFields,
} from "./constraint-rules.ts";
import { aspectRatioValue } from "./image-roles.ts";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Every inconsistency in a set of model specs, as readable sentences; empty when they are sound.
 * Specs are hand-written data, so the catalog refuses to start on a mistake rather than let a
 * request be validated against a model description that contradicts itself.
 */
export function findSpecProblems(specs: readonly ModelSpec[]): string[] {
  const problems: string[] = [];
  const owners = new Map<string, string>();
  for (const spec of specs) {
    for (const name of [spec.id, ...(spec.aliases ?? [])]) {
      const owner = owners.get(name);
      if (owner === undefined) owners.set(name, spec.id);
      else problems.push(`"${name}" is claimed by both ${owner} and ${spec.id}`);
    }
  }
  const byId = new Map(specs.map((spec) => [spec.id, spec]));
  for (const spec of specs) {
    const own = [
      ...identityProblems(spec),
      ...valueListProblems(spec),
      ...defaultProblems(spec),
      ...spec.constraints.flatMap((constraint, index) =>
        constraintProblems(spec, constraint).map((problem) => `constraint ${index + 1}: ${problem}`),
      ),
      ...lifecycleProblems(spec, byId),
      ...numberProblems(spec),
      ...imageInputProblems(spec),
    ];
    problems.push(...own.map((problem) => `${spec.id}: ${problem}`));
  }
  return problems;
}

function identityProblems(spec: ModelSpec): string[] {
  const problems: string[] = [];
  // DESIGN.md §4: the catalog id is `<provider>/<vendor model id>`, so adapters can rely on it.
  const expectedId = `${spec.provider}/${spec.vendorModelId}`;
  if (spec.id !== expectedId) problems.push(`id should be "${expectedId}"`);
  for (const alias of spec.aliases ?? []) {
    if (!alias.startsWith(`${spec.provider}/`)) {
      problems.push(`alias "${alias}" must start with "${spec.provider}/"`);
    }
  }
  if (!Object.values(spec.inputs).some(Boolean)) problems.push("accepts no input at all");
  return problems;
}

function valueListProblems(spec: ModelSpec): string[] {
  const lists = {
    durationsSeconds: spec.durationsSeconds,
    aspectRatios: spec.aspectRatios,
    resolutions: spec.resolutions,
  };
  return Object.entries(lists).flatMap(([name, values]: [string, unknown[]]) => {
    if (values.length === 0) return [`${name} is empty`];
    return new Set(values).size === values.length ? [] : [`${name} has duplicates`];
  });
}

function defaultProblems(spec: ModelSpec): string[] {
  const defaults = defaultValues(spec);
  const problems = CONSTRAINED_FIELDS.filter((field) => !allowedValues(spec, field).includes(defaults[field])).map(
    (field) => `default ${field} ${String(defaults[field])} is not among its allowed values`,
  );
  for (const [index, constraint] of spec.constraints.entries()) {
    if (!constraintApplies(constraint, defaults)) continue;
    for (const field of violatedFields(constraint, defaults)) {
      problems.push(`the defaults break constraint ${index + 1} on ${field}`);
    }
  }
  return problems;
}

function constraintProblems(spec: ModelSpec, constraint: ModelConstraint): string[] {
  const problems: string[] = [];
  for (const [part, condition] of [
    ["when", constraint.when],
    ["allow", constraint.allow],
  ] as const) {
    const fields = namedFields(condition);
    if (fields.length === 0) problems.push(`"${part}" names no field`);
    for (const field of fields) {
      const values = conditionValues(condition, field) ?? [];
      if (values.length === 0) problems.push(`"${part}.${field}" lists no value`);
      const unknown = values.filter((value) => !allowedValues(spec, field).includes(value));
      if (unknown.length > 0) {
        problems.push(`"${part}.${field}" names values the model lacks: ${unknown.join(", ")}`);
      }
    }
  }
  if (constraint.reason.trim() === "") problems.push("has no reason");
  return problems;
}

function lifecycleProblems(spec: ModelSpec, byId: Map<string, ModelSpec>): string[] {
  const { since, replacement } = spec.lifecycle;
  const problems: string[] = [];
  if (since !== undefined && !DATE.test(since)) problems.push(`since "${since}" is not YYYY-MM-DD`);
  if (replacement === undefined) return problems;
  // A replacement must be somewhere a caller can actually go: an existing, usable model.
  const target = byId.get(replacement);
  if (replacement === spec.id) problems.push("names itself as its replacement");
  else if (target === undefined) problems.push(`replacement "${replacement}" is not in the catalog`);
  else if (target.lifecycle.status === "retired") {
    problems.push(`replacement "${replacement}" is itself retired`);
  }
  return problems;
}

function numberProblems(spec: ModelSpec): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(spec.promptMaxLength) || spec.promptMaxLength <= 0) {
    problems.push("promptMaxLength must be a positive integer");
  }
  if (!(spec.typicalRenderSeconds > 0)) problems.push("typicalRenderSeconds must be positive");
  if (spec.durationsSeconds.some((seconds) => !(seconds > 0))) {
    problems.push("durationsSeconds must be positive");
  }
  const { perSecondUsd, perSecondUsdByResolution, perSecondUsdWithAudio } = spec.pricing;
  const prices = [perSecondUsd, ...Object.values(perSecondUsdByResolution ?? {})];
  if (prices.some((price) => !(price >= 0))) problems.push("prices must not be negative");
  for (const resolution of Object.keys(perSecondUsdByResolution ?? {})) {
    if (!spec.resolutions.some((offered) => offered === resolution)) {
      problems.push(`priced resolution ${resolution} is not offered`);
    }
  }
  if (perSecondUsdWithAudio !== undefined) {
    // quotePriceUsd adds the difference as an audio surcharge, only meaningful when audio is a choice.
    if (spec.audio !== "optional") problems.push("perSecondUsdWithAudio needs audio: optional");
    if (!(perSecondUsdWithAudio >= perSecondUsd)) {
      problems.push("perSecondUsdWithAudio must not be below perSecondUsd");
    }
  }
  return problems;
}

/**
 * `imageInput` is what image preparation works from, so it must exist exactly when the model takes
 * a frame, and its limits must leave some image that passes.
 */
function imageInputProblems(spec: ModelSpec): string[] {
  const takesFrames = spec.inputs.firstFrame || spec.inputs.lastFrame;
  const requirements = spec.imageInput;
  if (requirements === undefined) return takesFrames ? ["takes a first or last frame but has no imageInput"] : [];
  if (!takesFrames) return ["has imageInput but takes no first or last frame"];
  const problems: string[] = [];
  const { formats, maxBytes, minSidePx, maxSidePx, aspectRange, match } = requirements;
  if (formats.length === 0) problems.push("imageInput.formats is empty");
  else if (new Set(formats).size !== formats.length) problems.push("imageInput.formats has duplicates");
  if (!(maxBytes > 0)) problems.push("imageInput.maxBytes must be positive");
  for (const [name, value] of [
    ["minSidePx", minSidePx],
    ["maxSidePx", maxSidePx],
  ] as const) {
    if (value !== undefined && !(value > 0)) problems.push(`imageInput.${name} must be positive`);
  }
  if (minSidePx !== undefined && maxSidePx !== undefined && minSidePx > maxSidePx) {
    problems.push("imageInput.minSidePx must not exceed maxSidePx");
  }
  if (aspectRange === undefined) return problems;
  if (!(aspectRange.min > 0)) problems.push("imageInput.aspectRange.min must be positive");
  if (aspectRange.min > aspectRange.max) problems.push("imageInput.aspectRange.min must not exceed max");
  // With `match`, Reelay fits the image to the video's shape; a shape outside the range would give
  // an image the provider refuses (e.g. Runway's 21:9 against its 0.5–2 range).
  const outside = spec.aspectRatios.filter((ratio) => {
    const value = aspectRatioValue(ratio);
    return value < aspectRange.min || value > aspectRange.max;
  });
  if (match !== undefined && outside.length > 0) {
    problems.push(`imageInput.match fits images to aspect ratios outside aspectRange: ${outside.join(", ")}`);
  }
  return problems;
}
