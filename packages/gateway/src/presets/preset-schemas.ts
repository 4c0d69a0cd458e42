import { z } from "@hono/zod-openapi";
import { itemIdSchema, presetParameterFields } from "../http/schemas.ts";

const nameSchema = z.string().trim().min(1).max(100).openapi({ example: "Cinematic" });
const descriptionSchema = z.string().max(500).default("");
const originFields = { builtIn: z.boolean(), createdAt: z.string().nullable() };

export const itemIdParamsSchema = z.object({
  id: itemIdSchema.openapi({ param: { name: "id", in: "path" } }),
});

export const createStyleSchema = z
  .object({
    id: itemIdSchema,
    name: nameSchema,
    description: descriptionSchema,
    promptPrefix: z.string().max(1000).default("").openapi({ description: "Put before the prompt as is" }),
    promptSuffix: z
      .string()
      .max(1000)
      .default("")
      .openapi({ description: "Put after the prompt as is", example: ", cinematic lighting, 35mm film" }),
    negativePrompt: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .nullable()
      .default(null)
      .openapi({ description: "Joined to the request's negative prompt where the model takes one" }),
  })
  .strict()
  .refine((style) => style.promptPrefix !== "" || style.promptSuffix !== "" || style.negativePrompt !== null, {
    message: "a style must set at least one of promptPrefix, promptSuffix and negativePrompt",
  })
  .openapi("CreateStyleRequest");

export const createCategorySchema = z
  .object({ id: itemIdSchema, name: nameSchema, description: descriptionSchema })
  .strict()
  .openapi("CreateCategoryRequest");

const presetParametersSchema = z.object(presetParameterFields).strict().openapi("PresetParameters", {
  description: "The fields of a job request the preset fixes; a job's own fields win",
});

export const createPresetSchema = z
  .object({
    id: itemIdSchema,
    name: nameSchema,
    description: descriptionSchema,
    model: z.string().trim().min(1).max(200).openapi({ example: "local/preview" }),
    parameters: presetParametersSchema.default({}),
    style: itemIdSchema.nullable().default(null),
    category: itemIdSchema.nullable().default(null),
  })
  .strict()
  .openapi("CreatePresetRequest");

export const styleViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    promptPrefix: z.string(),
    promptSuffix: z.string(),
    negativePrompt: z.string().nullable(),
    ...originFields,
  })
  .openapi("Style");

export const categoryViewSchema = z
  .object({ id: z.string(), name: z.string(), description: z.string(), ...originFields })
  .openapi("Category");

export const presetViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    model: z.string(),
    parameters: presetParametersSchema,
    style: z.string().nullable(),
    category: z.string().nullable(),
    ...originFields,
  })
  .openapi("Preset");

/** `{ object: "list", data }` of one kind's views. */
export const listOf = <T extends z.ZodType>(view: T, name: string) =>
  z.object({ object: z.literal("list"), data: z.array(view) }).openapi(name);
