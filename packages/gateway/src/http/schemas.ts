import { z } from "@hono/zod-openapi";
import { TERMINAL_STATUSES } from "../core/types.ts";

export const JOB_STATUSES = ["queued", "running", ...TERMINAL_STATUSES] as const;
export const FAILURE_CODES = [
  "content_filtered",
  "invalid_input",
  "provider_error",
  "deadline_exceeded",
  "cancelled",
  "submission_unknown",
  "output_expired",
  "download_failed",
  "no_output",
] as const;

/** An input image: exactly one of an upload id, an http(s) URL or a base64 data URI. */
const imageInputSchema = z
  .union([
    z.object({ uploadId: z.string().min(1).max(100) }).strict(),
    z.object({ url: z.url({ protocol: /^https?$/ }).max(4096) }).strict(),
    z.object({ dataUri: z.string().startsWith("data:") }).strict(),
  ])
  .openapi("ImageInput", { description: 'One of {"uploadId"}, {"url"} or {"dataUri"}' });

/** `Idempotency-Key`: the same key and body return the same job, so a retried create is safe. */
export const idempotencyKeySchema = z.string().trim().min(1).max(200);

/** Id of a preset, style or category: a slug. */
export const itemIdSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,63}$/,
    "must be 1–64 lowercase letters, digits and hyphens, starting with a letter or digit",
  )
  .openapi({ example: "cinematic" });

/**
 * The fields of a job request that a preset may fix too. Values that depend on the model
 * (durations, ratios, …) are only type-checked here; the catalog checks them against the model and
 * lists the allowed values.
 */
export const presetParameterFields = {
  negativePrompt: z.string().max(20_000).optional(),
  durationSeconds: z.number().positive().max(600).optional().openapi({ example: 8 }),
  aspectRatio: z.string().max(16).optional().openapi({ example: "16:9" }),
  resolution: z.string().max(16).optional().openapi({ example: "720p" }),
  seed: z.number().int().min(0).max(4_294_967_295).optional(),
  audio: z.boolean().optional(),
  providerOptions: z.record(z.string().max(100), z.unknown()).optional(),
  deadlineSeconds: z.number().int().min(1).max(172_800).optional().openapi({ example: 1800 }),
};

/** Body of `POST /api/v1/jobs` and `/api/v1/validate`. Strict: unknown fields are refused. */
export const createJobBodySchema = z
  .object({
    model: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .openapi({ example: "local/preview", description: "Required unless preset names a preset" }),
    prompt: z.string().max(20_000).optional().openapi({ example: "A beautiful sunset over mountains" }),
    ...presetParameterFields,
    image: imageInputSchema.optional(),
    lastFrame: imageInputSchema.optional(),
    metadata: z
      .record(z.string().min(1).max(64), z.string().max(512))
      .refine((value) => Object.keys(value).length <= 32, "metadata holds at most 32 keys")
      .optional(),
    webhookUrl: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional()
      .openapi({ description: "Receives this job's webhook events (Standard Webhooks); a public http(s) URL" }),
    preset: itemIdSchema
      .optional()
      .openapi({ description: "A preset's id: fills in the model and parameters the request leaves out" }),
    style: itemIdSchema.optional().openapi({ description: "A style's id: applied to the prompt" }),
    category: itemIdSchema.optional().openapi({ description: "A category's id: groups the job's video" }),
  })
  .strict()
  .refine((body) => body.model !== undefined || body.preset !== undefined, {
    path: ["model"],
    message: "a model is required unless preset names a preset (GET /api/v1/models and GET /api/v1/presets list them)",
  })
  .openapi("CreateJobRequest");

export const jobIdParamsSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" }, example: "job_01j9z3x6v4q8w2e5r7t9y1u3i5" }),
});

export const modelIdParamsSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "id", in: "path" }, example: "local%2Fpreview", description: "Model id, URL-encoded" }),
});

export const listJobsQuerySchema = z
  .object({
    status: z.enum(JOB_STATUSES).optional(),
    model: z.string().min(1).max(200).optional(),
    category: itemIdSchema.optional(),
    q: z.string().min(1).max(200).optional().openapi({ description: "Text the prompt contains, ignoring case" }),
    cursor: z.string().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

const issueSchema = z.object({
  field: z.string(),
  code: z.string(),
  message: z.string(),
  allowed: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
});

const budgetFiguresSchema = z
  .object({
    period: z.string(),
    budgetUsd: z.number(),
    spentUsd: z.number(),
    reservedUsd: z.number(),
    requestUsd: z.number(),
    remainingUsd: z.number(),
  })
  .openapi("BudgetFigures");

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      issues: z.array(issueSchema).optional(),
      budget: budgetFiguresSchema.optional(),
    }),
  })
  .openapi("Error");

const normalizedRequestSchema = z
  .object({
    model: z.string(),
    prompt: z.string(),
    negativePrompt: z.string().optional(),
    durationSeconds: z.number(),
    aspectRatio: z.string(),
    resolution: z.string(),
    seed: z.number().optional(),
    audio: z.boolean(),
    image: z.object({ uploadId: z.string() }).optional(),
    lastFrame: z.object({ uploadId: z.string() }).optional(),
    providerOptions: z.record(z.string(), z.unknown()),
    metadata: z.record(z.string(), z.string()),
    webhookUrl: z.string().optional(),
  })
  .openapi("NormalizedRequest");

export const jobViewSchema = z
  .object({
    id: z.string(),
    object: z.literal("job"),
    status: z.enum(JOB_STATUSES),
    model: z.string(),
    request: normalizedRequestSchema,
    progress: z
      .object({
        value: z.number(),
        source: z.enum(["provider", "estimated"]),
        etaSeconds: z.number().nullable(),
        expectedFinishAt: z.string().nullable(),
      })
      .nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    cancelRequestedAt: z.string().nullable(),
    deadlineAt: z.string(),
    warnings: z.array(z.object({ code: z.string(), message: z.string() })),
    failure: z.object({ code: z.enum(FAILURE_CODES), message: z.string() }).nullable(),
    video: z
      .object({
        url: z.string(),
        thumbnailUrl: z.string(),
        durationSeconds: z.number(),
        width: z.number(),
        height: z.number(),
        sizeBytes: z.number(),
        mediaType: z.string(),
        codec: z.string().nullable(),
      })
      .nullable(),
    videoPurgedAt: z.string().nullable(),
    metadata: z.record(z.string(), z.string()),
    category: z.string().nullable(),
    style: z.string().nullable(),
    preset: z.string().nullable(),
  })
  .openapi("Job");

export const jobListSchema = z
  .object({ object: z.literal("list"), data: z.array(jobViewSchema), nextCursor: z.string().nullable() })
  .openapi("JobList");

export const validateResponseSchema = z
  .object({
    valid: z.boolean(),
    issues: z.array(issueSchema),
    warnings: z.array(z.object({ code: z.string(), message: z.string() })),
    request: normalizedRequestSchema.nullable(),
    priceUsd: z.number().nullable(),
    expectedRenderSeconds: z.number().nullable(),
  })
  .openapi("ValidateResponse");

const constraintValuesSchema = z.object({
  resolution: z.array(z.string()).optional(),
  durationSeconds: z.array(z.number()).optional(),
  aspectRatio: z.array(z.string()).optional(),
  audio: z.boolean().optional(),
});

export const modelViewSchema = z
  .object({
    id: z.string(),
    object: z.literal("model"),
    provider: z.string(),
    vendorModelId: z.string(),
    label: z.string(),
    lifecycle: z.object({
      status: z.enum(["active", "deprecated", "retired"]),
      since: z.string().optional(),
      replacement: z.string().optional(),
      note: z.string().optional(),
    }),
    inputs: z.object({ text: z.boolean(), firstFrame: z.boolean(), lastFrame: z.boolean(), references: z.boolean() }),
    durationsSeconds: z.array(z.number()),
    aspectRatios: z.array(z.string()),
    resolutions: z.array(z.string()),
    audio: z.enum(["none", "optional", "always"]),
    seed: z.boolean(),
    negativePrompt: z.boolean(),
    providerOptions: z.record(z.string(), z.array(z.string())),
    promptMaxLength: z.number(),
    defaults: z.object({
      durationSeconds: z.number(),
      aspectRatio: z.string(),
      resolution: z.string(),
      audio: z.boolean(),
    }),
    constraints: z.array(z.object({ when: constraintValuesSchema, allow: constraintValuesSchema, reason: z.string() })),
    pricePerSecondUsd: z.number(),
    typicalRenderSeconds: z.number(),
    available: z.boolean(),
    unavailableReason: z.string().nullable(),
  })
  .openapi("Model");

export const modelListSchema = z
  .object({ object: z.literal("list"), data: z.array(modelViewSchema) })
  .openapi("ModelList");

export const uploadViewSchema = z
  .object({
    id: z.string(),
    object: z.literal("upload"),
    mediaType: z.string(),
    width: z.number(),
    height: z.number(),
    sizeBytes: z.number(),
    sha256: z.string(),
    createdAt: z.string(),
  })
  .openapi("Upload");
