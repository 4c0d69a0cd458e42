import type { InputImageFacts, ModelSpec, RequestCheck } from "../core/model-spec.ts";
import type { JobRequestInput, NormalizedRequest, ValidationIssue } from "../core/types.ts";
import {
  CONSTRAINED_FIELDS,
  allowedValues,
  conditionValues,
  constraintApplies,
  defaultValues,
  namedFields,
  violatedFields,
  type ConstrainedField,
  type FieldValue,
  type FieldValues,
} from "./constraint-rules.ts";
import { inputImageIssues, isImageToVideo } from "./input-image-issues.ts";
import { inputImageNotes } from "./input-image-notes.ts";
import { expectedRenderSeconds, quotePriceUsd } from "./quote.ts";

/** How validation finds models; the catalog is one. */
export interface ModelLookup {
  /** The model with this id or alias. */
  get(id: string): ModelSpec | undefined;
  list(): ModelSpec[];
}

const MODELS_ENDPOINT = "GET /api/v1/models";
const MAX_SUGGESTIONS = 3;
/** Shortest shared prefix that makes a model id worth suggesting. */
const MIN_SHARED_PREFIX = 3;

const FIELD_NAMES: Record<ConstrainedField, string> = {
  durationSeconds: "Duration",
  aspectRatio: "Aspect ratio",
  resolution: "Resolution",
  audio: "Audio",
};

/**
 * Checks a request against what its model can do and reports every problem at once; when there
 * is none, returns the request with every default written out, its price and render time.
 * Nothing is dropped or adjusted: a value the model cannot honour is an issue, never a fallback.
 *
 * `images` are the facts about the request's `image` and `lastFrame`, which the caller gathers
 * first (URLs and data URIs are stored as uploads, then measured). An image given without facts
 * is reported as `image_unresolved`. Changes Reelay will make to fit an image to the model (crop,
 * pad) come back as `notes` on a valid request. Throws only on a caller mistake: facts naming
 * another upload than the request does.
 */
export function validateRequest(input: JobRequestInput, models: ModelLookup, images?: InputImageFacts): RequestCheck {
  const spec = models.get(input.model);
  if (spec === undefined) {
    return { ok: false, issues: [unknownModelIssue(input.model, models.list())] };
  }
  if (spec.lifecycle.status === "retired") return retiredModel(input.model, spec);

  const valueIssues = CONSTRAINED_FIELDS.flatMap((field) => valueIssue(spec, field, input[field]));
  const invalidFields = new Set(valueIssues.map((issue) => issue.field));
  const issues = [
    ...promptIssues(spec, input),
    ...optionalFieldIssues(spec, input),
    ...inputImageIssues(spec, input, images, models.list()),
    ...valueIssues,
    ...constraintIssues(spec, input, invalidFields),
  ];
  if (issues.length > 0) return { ok: false, issues };

  const request = normalize(spec, input, images);
  const notes = inputImageNotes(spec, request, images);
  return {
    ok: true,
    spec,
    request,
    priceUsd: quotePriceUsd(spec, request),
    expectedRenderSeconds: expectedRenderSeconds(spec, request),
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/**
 * Cross-field rules, checked on the values the job would run with, defaults included. A field
 * already reported as unsupported is left out, so that one cause gives one issue.
 */
function constraintIssues(spec: ModelSpec, input: JobRequestInput, invalidFields: Set<string>): ValidationIssue[] {
  const values: FieldValues = defaultValues(spec);
  for (const field of CONSTRAINED_FIELDS) values[field] = input[field] ?? values[field];
  return spec.constraints.flatMap((constraint) => {
    const fields = [...namedFields(constraint.when), ...namedFields(constraint.allow)];
    if (fields.some((field) => invalidFields.has(field)) || !constraintApplies(constraint, values)) {
      return [];
    }
    return violatedFields(constraint, values).map((field) => {
      const allowed = conditionValues(constraint.allow, field) ?? [];
      const source = input[field] === undefined ? " (the model's default)" : "";
      return {
        field,
        code: "constraint_violated",
        message: `${constraint.reason} ${FIELD_NAMES[field]} ${format(values[field])}${source} is not allowed here; allowed: ${allowed.map(format).join(", ")}.`,
        allowed,
      };
    });
  });
}

function unknownModelIssue(model: string, specs: ModelSpec[]): ValidationIssue {
  const suggestions = closeMatches(model, specs);
  const hint = suggestions.length > 0 ? ` Close matches: ${suggestions.join(", ")}.` : "";
  return {
    field: "model",
    code: "unknown_model",
    message: `Unknown model "${model}"; ${MODELS_ENDPOINT} lists every model.${hint}`,
  };
}

/** Usable models sharing the longest prefix with the request, by catalog id or vendor id. */
function closeMatches(model: string, specs: ModelSpec[]): string[] {
  const wanted = model.toLowerCase();
  const wantedForms = [wanted, wanted.slice(wanted.indexOf("/") + 1)];
  return specs
    .filter((spec) => spec.lifecycle.status !== "retired")
    .map((spec) => {
      const vendorId = spec.vendorModelId.toLowerCase();
      const names = [spec.id.toLowerCase(), vendorId, vendorId.slice(vendorId.lastIndexOf("/") + 1)];
      const score = Math.max(...wantedForms.flatMap((form) => names.map((name) => sharedPrefixLength(form, name))));
      return { id: spec.id, score };
    })
    .filter((candidate) => candidate.score >= MIN_SHARED_PREFIX)
    .toSorted((a, b) => b.score - a.score || a.id.localeCompare(b.id))
    .slice(0, MAX_SUGGESTIONS)
    .map((candidate) => candidate.id);
}

function sharedPrefixLength(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length += 1;
  return length;
}

function retiredModel(model: string, spec: ModelSpec): RequestCheck {
  const { since, replacement, note } = spec.lifecycle;
  const name = model === spec.id ? `"${model}"` : `"${model}" (now "${spec.id}")`;
  const parts = [
    `Model ${name} is retired${since === undefined ? "" : ` since ${since}`}.`,
    note,
    replacement === undefined ? `See ${MODELS_ENDPOINT}.` : `Use "${replacement}" instead.`,
  ];
  return {
    ok: false,
    issues: [
      {
        field: "model",
        code: "model_retired",
        message: parts.filter((part) => part !== undefined).join(" "),
      },
    ],
    retired: {
      model: spec.id,
      ...(since === undefined ? {} : { since }),
      ...(replacement === undefined ? {} : { replacement }),
    },
  };
}

function promptIssues(spec: ModelSpec, input: JobRequestInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const promptMissing = input.prompt === undefined || input.prompt.trim() === "";
  if (isImageToVideo(spec, input)) {
    // Most image-to-video APIs animate an image without a prompt; `promptRequired` marks those
    // that refuse to.
    if (promptMissing && spec.imageInput?.promptRequired === true) {
      issues.push({
        field: "prompt",
        code: "prompt_required",
        message: `${spec.id} needs a prompt describing the motion, even with a first frame.`,
      });
    }
  } else if (!spec.inputs.text) {
    issues.push({
      field: "model",
      code: "text_to_video_unsupported",
      message: `${spec.id} cannot generate from text alone: it needs an image input (a first frame, as image). Add one, or choose a model that takes text; ${MODELS_ENDPOINT} lists their inputs.`,
    });
  } else if (promptMissing) {
    issues.push({
      field: "prompt",
      code: "prompt_required",
      message: `A prompt describing the video is required for text-to-video with ${spec.id}.`,
    });
  }
  const texts: Array<["prompt" | "negativePrompt", string | undefined]> = [["prompt", input.prompt]];
  // A negative prompt the model cannot take is reported once, as unsupported.
  if (spec.negativePrompt) texts.push(["negativePrompt", input.negativePrompt]);
  for (const [field, text] of texts) {
    if (text !== undefined && text.length > spec.promptMaxLength) {
      issues.push({
        field,
        code: "prompt_too_long",
        message: `${field} has ${text.length} characters; ${spec.id} accepts at most ${spec.promptMaxLength}.`,
      });
    }
  }
  return issues;
}

/** Fields only some models accept at all. */
function optionalFieldIssues(spec: ModelSpec, input: JobRequestInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (input.seed !== undefined && !spec.seed) {
    issues.push({
      field: "seed",
      code: "unsupported_field",
      message: `${spec.id} does not take a seed; leave seed out.`,
    });
  }
  if (input.negativePrompt !== undefined && !spec.negativePrompt) {
    issues.push({
      field: "negativePrompt",
      code: "unsupported_field",
      message: `${spec.id} does not take a negative prompt; describe what to avoid in the prompt or leave negativePrompt out.`,
    });
  }
  return issues;
}

function valueIssue(spec: ModelSpec, field: ConstrainedField, value: FieldValue | undefined): ValidationIssue[] {
  const allowed = allowedValues(spec, field);
  if (value === undefined || allowed.includes(value)) return [];
  return [{ field, code: "unsupported_value", message: valueMessage(spec, field, value, allowed), allowed }];
}

function valueMessage(spec: ModelSpec, field: ConstrainedField, value: FieldValue, allowed: FieldValue[]): string {
  if (field === "audio") {
    return spec.audio === "none"
      ? `${spec.id} generates no audio; leave audio out or set it to false.`
      : `${spec.id} always generates audio; it cannot be turned off.`;
  }
  return `${FIELD_NAMES[field]} ${format(value)} is not offered by ${spec.id}; allowed: ${allowed.map(format).join(", ")}.`;
}

function format(value: FieldValue): string {
  return typeof value === "number" ? `${value} s` : String(value);
}

/**
 * The request with every default written out; only called once every value is known valid, so
 * each image given has its facts and the model takes it.
 */
function normalize(spec: ModelSpec, input: JobRequestInput, images: InputImageFacts | undefined): NormalizedRequest {
  const image = input.image === undefined ? undefined : images?.image;
  const lastFrame = input.lastFrame === undefined ? undefined : images?.lastFrame;
  // Lookups in the model's own lists turn the validated strings back into vocabulary types.
  const aspectRatio = spec.aspectRatios.find((ratio) => ratio === input.aspectRatio);
  const resolution = spec.resolutions.find((candidate) => candidate === input.resolution);
  return {
    model: spec.id,
    prompt: input.prompt ?? "",
    ...(input.negativePrompt === undefined ? {} : { negativePrompt: input.negativePrompt }),
    durationSeconds: input.durationSeconds ?? spec.defaults.durationSeconds,
    aspectRatio: aspectRatio ?? spec.defaults.aspectRatio,
    resolution: resolution ?? spec.defaults.resolution,
    ...(input.seed === undefined ? {} : { seed: input.seed }),
    audio: input.audio ?? spec.defaults.audio,
    ...(image === undefined ? {} : { image: { uploadId: image.uploadId } }),
    ...(lastFrame === undefined ? {} : { lastFrame: { uploadId: lastFrame.uploadId } }),
    providerOptions: input.providerOptions ?? {},
    metadata: input.metadata ?? {},
    ...(input.webhookUrl === undefined ? {} : { webhookUrl: input.webhookUrl }),
  };
}
