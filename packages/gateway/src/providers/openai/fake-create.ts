import sharp from "sharp";
import type { BodyFields } from "./fake-body.ts";
import { FakeRequestError, jsonTypeName, quotedList } from "./fake-errors.ts";

/*
 * What the fake OpenAI accepts on `POST /v1/videos` and `/remix`, from the reference
 * (shared/providers/openai-sora.md §2–3). Kept apart from the adapter's own mapping on purpose:
 * the fake checks what the adapter sends, it does not reuse how the adapter decides it.
 */

const STANDARD_SIZES = ["720x1280", "1280x720"] as const;
// unverified: the per-model split (the spec lists one closed enum for all models) and the
// 1080p sizes come from OpenAI's guide, not from the spec.
const PRO_SIZES = [...STANDARD_SIZES, "1024x1792", "1792x1024", "1080x1920", "1920x1080"] as const;

/** Sizes each model id (and its snapshots) renders. */
export const FAKE_MODEL_SIZES: Readonly<Record<string, readonly string[]>> = {
  "sora-2": STANDARD_SIZES,
  "sora-2-2025-10-06": STANDARD_SIZES,
  "sora-2-2025-12-08": STANDARD_SIZES,
  "sora-2-pro": PRO_SIZES,
  "sora-2-pro-2025-10-06": PRO_SIZES,
};

/** The spec's `seconds` enum; the guide's 16 and 20 never reached it. */
export const FAKE_SECONDS = ["4", "8", "12"] as const;

const MAX_PROMPT_CHARS = 32_000;
const MAX_IMAGE_URL_CHARS = 20_971_520;
const CREATE_FIELDS = new Set(["model", "prompt", "seconds", "size", "input_reference"]);
const REMIX_FIELDS = new Set(["prompt"]);

/** How the first frame arrived, for tests that check what a client sent. */
export type ReferenceKind = "file" | "image_url" | "file_id";

/** A create request the fake accepted, with defaults applied. */
export interface AcceptedCreate {
  model: string;
  prompt: string;
  size: string;
  seconds: string;
  reference: ReferenceKind | null;
}

function invalid(message: string, param: string | null, code: string | null = "invalid_value"): FakeRequestError {
  return new FakeRequestError(400, message, { param, code });
}

function refuseUnknownFields(fields: BodyFields, allowed: Set<string>): void {
  const unknown = Object.keys(fields).find((key) => !allowed.has(key));
  // OpenAI's wording for unknown JSON arguments on its other endpoints.
  if (unknown !== undefined) throw invalid(`Unrecognized request argument supplied: ${unknown}`, null, null);
}

function readPrompt(fields: BodyFields): string {
  const prompt = fields.prompt;
  if (prompt === undefined)
    throw invalid("Missing required parameter: 'prompt'.", "prompt", "missing_required_parameter");
  if (typeof prompt !== "string") {
    throw invalid(
      `Invalid type for 'prompt': expected a string, but got ${jsonTypeName(prompt)} instead.`,
      "prompt",
      "invalid_type",
    );
  }
  if (prompt.length === 0) {
    throw invalid(
      "Invalid 'prompt': empty string. Expected a string with minimum length 1, but got an empty string instead.",
      "prompt",
      "empty_string",
    );
  }
  if (prompt.length > MAX_PROMPT_CHARS) {
    throw invalid(
      `Invalid 'prompt': string too long. Expected a string with maximum length ${MAX_PROMPT_CHARS}, but got a string with length ${prompt.length} instead.`,
      "prompt",
      "string_above_max_length",
    );
  }
  return prompt;
}

/** An optional enum-valued string field; a number where a string belongs is refused (`seconds: 8`). */
function readChoice(fields: BodyFields, name: string, fallback: string, allowed: readonly string[]): string {
  const value = fields[name] ?? fallback;
  if (typeof value !== "string") {
    throw invalid(
      `Invalid type for '${name}': expected one of ${quotedList(allowed).replace(" and ", " or ")}, but got ${jsonTypeName(value)} instead.`,
      name,
      "invalid_type",
    );
  }
  if (!allowed.includes(value)) {
    throw invalid(`Invalid value: '${value}'. Supported values are: ${quotedList(allowed)}.`, name);
  }
  return value;
}

const IMAGE_FORMATS = new Set(["jpeg", "png", "webp"]);

/** The first frame must be JPEG, PNG or WebP and exactly `size` in pixels. */
async function checkImage(bytes: Uint8Array, size: string): Promise<void> {
  const metadata = await sharp(bytes)
    .metadata()
    .catch(() => null);
  if (metadata === null || metadata.format === undefined || !IMAGE_FORMATS.has(metadata.format)) {
    // unverified: OpenAI's wording for an unreadable or unsupported image.
    throw invalid(
      "Invalid input_reference: expected a JPEG, PNG or WebP image.",
      "input_reference",
      "invalid_image_format",
    );
  }
  if (`${metadata.width}x${metadata.height}` !== size) {
    // Captured live (third party): param and code are null.
    throw invalid("Inpaint image must match the requested width and height", null, null);
  }
}

function dataUrlBytes(url: string): Uint8Array | null {
  const match = /^data:([^;,]*)(;base64)?,(.*)$/s.exec(url);
  if (match === null) return null;
  const payload = match[3] ?? "";
  return match[2] === undefined
    ? new TextEncoder().encode(decodeURIComponent(payload))
    : Buffer.from(payload, "base64");
}

/** Checks `input_reference`: a file part, or an object with exactly one of `image_url` / `file_id`. */
async function readReference(value: unknown, size: string): Promise<ReferenceKind | null> {
  if (value === undefined) return null;
  if (value instanceof File) {
    await checkImage(new Uint8Array(await value.arrayBuffer()), size);
    return "file";
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid(
      `Invalid type for 'input_reference': expected a file or an object, but got ${jsonTypeName(value)} instead.`,
      "input_reference",
      "invalid_type",
    );
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length !== 1 || (keys[0] !== "image_url" && keys[0] !== "file_id")) {
    // unverified wording; the spec says to provide exactly one of the two.
    throw invalid("Invalid 'input_reference': provide exactly one of 'image_url' or 'file_id'.", "input_reference");
  }
  const reference = object[keys[0]];
  if (typeof reference !== "string" || reference === "") {
    throw invalid(
      `Invalid 'input_reference.${keys[0]}': expected a non-empty string.`,
      `input_reference.${keys[0]}`,
      "invalid_type",
    );
  }
  // unverified: the fake has no Files API, so any file id is taken as an image of the right size.
  if (keys[0] === "file_id") return "file_id";
  if (reference.length > MAX_IMAGE_URL_CHARS) {
    throw invalid(
      `Invalid 'input_reference.image_url': string too long. Expected a string with maximum length ${MAX_IMAGE_URL_CHARS}, but got a string with length ${reference.length} instead.`,
      "input_reference.image_url",
      "string_above_max_length",
    );
  }
  const bytes = dataUrlBytes(reference);
  if (bytes !== null) await checkImage(bytes, size);
  // The fake fetches nothing: an https URL is taken on trust.
  else if (!/^https:\/\//i.test(reference)) {
    throw invalid(
      "Invalid 'input_reference.image_url': expected an https URL or a data URL.",
      "input_reference.image_url",
    );
  }
  return "image_url";
}

/**
 * Validates a create body in OpenAI's order of concerns: unknown fields, prompt, model, size,
 * seconds, then the image. `retiredModels` answer 404 `model_not_found`, OpenAI's usual shape
 * for a model that is gone (unverified for the shut-down Videos API).
 */
export async function acceptCreate(fields: BodyFields, retiredModels: ReadonlySet<string>): Promise<AcceptedCreate> {
  refuseUnknownFields(fields, CREATE_FIELDS);
  const prompt = readPrompt(fields);
  const model = fields.model ?? "sora-2";
  if (typeof model !== "string") {
    throw invalid(
      `Invalid type for 'model': expected a string, but got ${jsonTypeName(model)} instead.`,
      "model",
      "invalid_type",
    );
  }
  if (retiredModels.has(model)) {
    throw new FakeRequestError(404, `The model \`${model}\` does not exist or you do not have access to it.`, {
      code: "model_not_found",
    });
  }
  const sizes = FAKE_MODEL_SIZES[model];
  if (sizes === undefined) {
    throw invalid(
      `Invalid value: '${model}'. Supported values are: ${quotedList(Object.keys(FAKE_MODEL_SIZES))}.`,
      "model",
    );
  }
  const size = readChoice(fields, "size", "720x1280", sizes);
  const seconds = readChoice(fields, "seconds", "4", FAKE_SECONDS);
  const reference = await readReference(fields.input_reference, size);
  return { model, prompt, size, seconds, reference };
}

/** Validates a remix body: only a prompt. */
export function acceptRemix(fields: BodyFields): { prompt: string } {
  refuseUnknownFields(fields, REMIX_FIELDS);
  return { prompt: readPrompt(fields) };
}
