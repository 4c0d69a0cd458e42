import type { Context } from "hono";
import { z } from "zod";
import { ReelayError } from "../core/errors.ts";
import type { ModelSpec } from "../core/model-spec.ts";
import type { ImageInput, JobRequestInput } from "../core/types.ts";
import type { UploadService } from "../uploads/upload-service.ts";
import { OpenAiError, invalidRequestError } from "./openai-error.ts";
import { offeredSizes } from "./video-size.ts";

const promptSchema = z.string().min(1).max(32_000);

/** `input_reference` as an object: a URL (http(s) or `data:`) or a Reelay upload id. */
const imageReferenceSchema = z
  .object({
    image_url: z.string().min(1).max(20_971_520).optional(),
    file_id: z.string().min(1).max(100).optional(),
  })
  .strict();

/**
 * Body of `POST /v1/videos`, JSON or multipart. Strict: an unknown parameter is refused, never
 * ignored. `seconds` and `size` are only type-checked here; `toJobInput` checks them against the
 * model and names the values it offers.
 */
const createVideoSchema = z
  .object({
    prompt: promptSchema,
    model: z.string().trim().min(1).max(200).optional(),
    seconds: z.union([z.string().trim().min(1).max(16), z.number()]).optional(),
    size: z.string().trim().min(1).max(32).optional(),
    input_reference: z.union([z.instanceof(File), imageReferenceSchema]).optional(),
  })
  .strict();

/** Body of `POST /v1/videos/{id}/remix`: only the new prompt; everything else comes from the source. */
const remixVideoSchema = z.object({ prompt: promptSchema }).strict();

export type CreateVideoBody = z.infer<typeof createVideoSchema>;

/**
 * Multipart fields as one object: `input_reference[image_url]=…` becomes
 * `{ input_reference: { image_url: … } }`, the way OpenAI's clients flatten objects.
 */
function formFields(form: FormData): Record<string, unknown> {
  const plain: Array<[string, unknown]> = [];
  const nested = new Map<string, Array<[string, FormDataEntryValue]>>();
  for (const [name, value] of form) {
    const match = /^([^[\]]+)\[([^[\]]+)\]$/.exec(name);
    if (match?.[1] === undefined || match[2] === undefined) plain.push([name, value]);
    else nested.set(match[1], [...(nested.get(match[1]) ?? []), [match[2], value]]);
  }
  // fromEntries defines own properties, so a field named `__proto__` stays a plain (refused) field.
  const objects = [...nested].map(([name, entries]): [string, unknown] => [name, Object.fromEntries(entries)]);
  return Object.fromEntries([...plain, ...objects]);
}

/** Reads a JSON or multipart body into one object; any other content type is refused. */
async function readBody(c: Context): Promise<unknown> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (type.startsWith("multipart/form-data")) {
    const form = await c.req.formData().catch(() => {
      throw new OpenAiError(400, "The multipart/form-data body could not be read.");
    });
    return formFields(form);
  }
  if (/^application\/([\w.-]+\+)?json\s*(;|$)/.test(type)) {
    return c.req.json().catch(() => {
      throw new OpenAiError(400, "We could not parse the JSON body of your request; send a JSON object.", {
        code: "invalid_json",
      });
    });
  }
  throw new OpenAiError(
    400,
    `Send the body as application/json or multipart/form-data (got ${type === "" ? "no Content-Type" : `'${type}'`}).`,
    { code: "unsupported_media_type" },
  );
}

async function parseBody<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(await readBody(c));
  if (!parsed.success) throw invalidRequestError(parsed.error, "body");
  return parsed.data;
}

export const readCreateVideoBody = (c: Context) => parseBody(c, createVideoSchema);
export const readRemixVideoBody = (c: Context) => parseBody(c, remixVideoSchema);

/** `'4', '8' and '12'`: values as OpenAI quotes them in its messages. */
function quoted(values: Array<string | number>): string {
  const all = values.map((value) => `'${value}'`);
  return all.length > 1 ? `${all.slice(0, -1).join(", ")} and ${all.at(-1)}` : (all[0] ?? "none");
}

function invalidValue(param: string, value: unknown, spec: ModelSpec, allowed: Array<string | number>): OpenAiError {
  return new OpenAiError(
    400,
    `Invalid value for '${param}': '${String(value)}'. Supported values with model ${spec.id} are: ${quoted(allowed)}.`,
    { param, code: "invalid_value" },
  );
}

function durationOf(seconds: string | number, spec: ModelSpec): number {
  const value = typeof seconds === "number" ? seconds : /^\d+$/.test(seconds) ? Number(seconds) : Number.NaN;
  if (!spec.durationsSeconds.includes(value)) throw invalidValue("seconds", seconds, spec, spec.durationsSeconds);
  return value;
}

function shapeOf(size: string, spec: ModelSpec): Pick<JobRequestInput, "aspectRatio" | "resolution"> {
  const offered = offeredSizes(spec);
  const match = offered.find((entry) => entry.size === size.toLowerCase());
  if (match === undefined) throw invalidValue("size", size, spec, [...new Set(offered.map((entry) => entry.size))]);
  return { aspectRatio: match.aspectRatio, resolution: match.resolution };
}

/** The first frame `input_reference` names: a file part is uploaded; a `file_id` is a Reelay upload id. */
async function imageOf(
  reference: File | z.infer<typeof imageReferenceSchema>,
  tenantId: string,
  uploads: UploadService,
): Promise<ImageInput> {
  if (reference instanceof File) {
    const { upload } = await uploads.fromBytes(tenantId, Buffer.from(await reference.arrayBuffer()));
    return { uploadId: upload.id };
  }
  const { image_url: imageUrl, file_id: fileId } = reference;
  if (fileId !== undefined && imageUrl === undefined) {
    await uploads.get(tenantId, fileId).catch((error: unknown) => {
      if (!(error instanceof ReelayError)) throw error;
      throw new OpenAiError(
        400,
        `input_reference.file_id: ${error.message} Upload the image with POST /api/v1/uploads and pass the upload's id.`,
        { param: "input_reference", code: error.code },
      );
    });
    return { uploadId: fileId };
  }
  if (imageUrl !== undefined && fileId === undefined) {
    if (imageUrl.startsWith("data:")) return { dataUri: imageUrl };
    if (URL.canParse(imageUrl) && /^https?:$/.test(new URL(imageUrl).protocol)) return { url: imageUrl };
    throw new OpenAiError(400, "input_reference.image_url must be an http(s) URL or a data: URL.", {
      param: "input_reference",
      code: "invalid_value",
    });
  }
  throw new OpenAiError(400, "input_reference takes exactly one of image_url or file_id.", {
    param: "input_reference",
    code: "invalid_value",
  });
}

/** A create on the OpenAI-compatible API as a native job request for `spec`. */
export async function toJobInput(
  body: CreateVideoBody,
  spec: ModelSpec,
  tenantId: string,
  uploads: UploadService,
): Promise<JobRequestInput> {
  return {
    model: spec.id,
    prompt: body.prompt,
    ...(body.seconds === undefined ? {} : { durationSeconds: durationOf(body.seconds, spec) }),
    ...(body.size === undefined ? {} : shapeOf(body.size, spec)),
    ...(body.input_reference === undefined ? {} : { image: await imageOf(body.input_reference, tenantId, uploads) }),
  };
}
