import type { OpenAPIHono } from "@hono/zod-openapi";
import { Hono, type Context } from "hono";
import type { Logger } from "pino";
import { z } from "zod";
import type { ModelSpec } from "../core/model-spec.ts";
import type { JobRecord, JobRequestInput } from "../core/types.ts";
import { idempotencyKeySchema } from "../http/schemas.ts";
import { requestLogger } from "../http/request-log.ts";
import type { JobService } from "../jobs/job-service.ts";
import type { MediaStore } from "../media/media-store.ts";
import type { UploadService } from "../uploads/upload-service.ts";
import type { CompatModels } from "./model-aliases.ts";
import { OpenAiError, invalidRequestError, openAiErrorResponse, toOpenAiError } from "./openai-error.ts";
import { CONTENT_VARIANTS, videoContent } from "./video-content.ts";
import { readCreateVideoBody, readRemixVideoBody, toJobInput } from "./video-request.ts";
import { REMIXED_FROM_KEY, toVideoResource, type VideoListResource } from "./video-view.ts";

/** Where the OpenAI-compatible API lives: its clients' `baseURL` is `<Reelay URL>/v1`. */
export const OPENAI_COMPAT_PREFIX = "/v1";

export interface OpenAiCompatDependencies {
  jobs: JobService;
  uploadService: UploadService;
  media: MediaStore;
  /** A catalog model by id or catalog alias. */
  model(id: string): ModelSpec | undefined;
  /** The caller's tenant; any `Authorization: Bearer` (or none) is accepted until API keys arrive. */
  tenantOf(request: Request): string;
  compatModels: CompatModels;
  /** How long finished videos are kept (`REELAY_RETENTION_DAYS`), or null for ever: their `expires_at`. */
  videoRetentionMs: number | null;
  logger: Logger;
}

const listVideosQuerySchema = z.object({
  after: z
    .string()
    .regex(/^job_[0-9a-z]{1,64}$/, "must be the id of a video, e.g. the last_id of the page before")
    .optional(),
  limit: z.coerce.number().int().min(0).max(100).default(20),
  order: z.enum(["asc", "desc"]).default("desc"),
});

const contentQuerySchema = z.object({ variant: z.enum(CONTENT_VARIANTS).default("video") });

/**
 * The caller's `Idempotency-Key`, when it sends one. OpenAI's clients retry a create whose answer
 * was lost; with a key, the retry returns the first video instead of paying for a second.
 */
function idempotencyKeyOf(c: Context): string | null {
  const header = c.req.header("idempotency-key");
  if (header === undefined) return null;
  const parsed = idempotencyKeySchema.safeParse(header);
  if (!parsed.success) throw invalidRequestError(parsed.error, "Idempotency-Key");
  return parsed.data;
}

function parseQuery<T>(c: Context, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw invalidRequestError(parsed.error, "query");
  return parsed.data;
}

/**
 * OpenAI's videos API (`/v1/videos`…) as a translator over the native jobs: the same job store, the
 * same ids, the same catalog checks. Errors here use OpenAI's envelope; the native API keeps its own.
 */
export function registerOpenAiCompatRoutes(app: OpenAPIHono, deps: OpenAiCompatDependencies): void {
  const v1 = new Hono();
  const view = (job: JobRecord) => toVideoResource(job, deps.videoRetentionMs);
  const tenant = (c: Context) => deps.tenantOf(c.req.raw);
  v1.onError((error, c) =>
    openAiErrorResponse(c, toOpenAiError(error, requestLogger(c.req.raw, deps.logger), c.req.path)),
  );

  v1.post("/videos", async (c) => {
    const body = await readCreateVideoBody(c);
    const modelId = deps.compatModels.resolve(body.model);
    const spec = deps.model(modelId);
    if (spec === undefined) {
      const aliases = deps.compatModels.aliasNames;
      const hint = aliases.length > 0 ? `, or one of the aliases ${aliases.join(", ")}` : "";
      throw new OpenAiError(
        404,
        `The model '${modelId}' does not exist. Use a Reelay model id (GET /api/v1/models lists them)${hint}.`,
        { param: "model", code: "model_not_found" },
      );
    }
    const input = await toJobInput(body, spec, tenant(c), deps.uploadService);
    const { job } = await deps.jobs.create(tenant(c), input, idempotencyKeyOf(c));
    return c.json(view(job), 200);
  });

  v1.get("/videos", async (c) => {
    const { after, limit, order } = parseQuery(c, listVideosQuerySchema);
    // A page of 0 still asks for one job, to tell whether there are any.
    const page = await deps.jobs.list({ tenantId: tenant(c), limit: Math.max(limit, 1), order, afterId: after });
    const data = page.jobs.slice(0, limit).map(view);
    const list: VideoListResource = {
      object: "list",
      data,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
      has_more: page.nextCursor !== null || page.jobs.length > limit,
    };
    return c.json(list, 200);
  });

  v1.get("/videos/:id", async (c) => c.json(view(await deps.jobs.get(tenant(c), c.req.param("id"))), 200));

  v1.delete("/videos/:id", async (c) => {
    const job = await deps.jobs.delete(tenant(c), c.req.param("id"));
    return c.json({ id: job.id, object: "video.deleted", deleted: true }, 200);
  });

  v1.get("/videos/:id/content", async (c) => {
    const { variant } = parseQuery(c, contentQuerySchema);
    const job = await deps.jobs.get(tenant(c), c.req.param("id"));
    return videoContent(c.req.raw, job, variant, deps.media);
  });

  v1.post("/videos/:id/remix", async (c) => {
    const { prompt } = await readRemixVideoBody(c);
    const source = await deps.jobs.get(tenant(c), c.req.param("id"));
    if (source.status !== "succeeded") {
      throw new OpenAiError(
        400,
        `Video ${source.id} is ${view(source).status}; only a completed video can be remixed.`,
        { param: "video_id", code: "invalid_state" },
      );
    }
    // The source's parameters, defaults included, on the same model; only the prompt is new.
    const input: JobRequestInput = {
      ...source.request,
      prompt,
      metadata: { ...source.request.metadata, [REMIXED_FROM_KEY]: source.id },
    };
    const { job } = await deps.jobs.create(tenant(c), input, null);
    return c.json(view(job), 200);
  });

  v1.all("*", (c) => {
    throw new OpenAiError(404, `Invalid URL (${c.req.method} ${c.req.path}).`);
  });

  app.route(OPENAI_COMPAT_PREFIX, v1);
}
