import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Clock } from "../../core/clock.ts";
import { ReelayError } from "../../core/errors.ts";
import type { JobRecord } from "../../core/types.ts";
import type { JobService } from "../../jobs/job-service.ts";
import { mediaResponse } from "../../media/media-response.ts";
import type { MediaStore } from "../../media/media-store.ts";
import type { MediaLinks } from "../job-media-links.ts";
import { toJobView } from "../job-view.ts";
import {
  createJobBodySchema,
  errorBodySchema,
  idempotencyKeySchema,
  jobIdParamsSchema,
  jobListSchema,
  jobViewSchema,
  listJobsQuerySchema,
  validateResponseSchema,
} from "../schemas.ts";
import { jsonResponse } from "../json-response.ts";

export interface JobRouteDependencies {
  clock: Clock;
  jobs: JobService;
  media: MediaStore;
  /** The links to job media in the answers to a request: signed when it came with an API key. */
  mediaLinks(request: Request): MediaLinks;
  /** The caller's tenant; one tenant until API keys arrive. */
  tenantOf(request: Request): string;
}

const errors = {
  400: jsonResponse(errorBodySchema, "The request is malformed"),
  404: jsonResponse(errorBodySchema, "No such job"),
};
const jsonBody = { content: { "application/json": { schema: createJobBodySchema } }, required: true };
const idempotencyHeader = z.object({
  "idempotency-key": idempotencyKeySchema
    .optional()
    .openapi({ description: "Makes retried creates safe: the same key and body return the same job" }),
});

/**
 * The poll-after hint of an unfinished job: the seconds until the worker next looks at it (nothing
 * changes before then), at least 1 and at most 30.
 */
function pollAfterSeconds(job: JobRecord, nowMs: number): number {
  return Math.min(30, Math.max(1, Math.ceil((job.nextRunAt - nowMs) / 1000)));
}

export function registerJobRoutes(app: OpenAPIHono, deps: JobRouteDependencies): void {
  /** The job's view, with the poll-after hint as `Retry-After` while it is unfinished. */
  const view = (c: Context, job: JobRecord) => {
    const nowMs = deps.clock.now();
    if (job.status === "queued" || job.status === "running")
      c.header("Retry-After", String(pollAfterSeconds(job, nowMs)));
    return toJobView(job, deps.mediaLinks(c.req.raw), nowMs);
  };

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/jobs",
      summary: "Create a video generation job",
      description: "Send `Idempotency-Key` to make retries safe: the same key and body return the same job.",
      request: { body: jsonBody, headers: idempotencyHeader },
      responses: {
        200: jsonResponse(jobViewSchema, "The job an earlier request with the same Idempotency-Key created"),
        202: jsonResponse(jobViewSchema, "The job was accepted and queued"),
        ...errors,
        402: jsonResponse(errorBodySchema, "The request costs more than is left of the tenant's monthly budget"),
        409: jsonResponse(errorBodySchema, "The Idempotency-Key was used for a different request"),
        410: jsonResponse(errorBodySchema, "The model was retired"),
        422: jsonResponse(errorBodySchema, "The model cannot honour the request; every problem is listed"),
      },
    }),
    async (c) => {
      const key = c.req.valid("header")["idempotency-key"] ?? null;
      const result = await deps.jobs.create(deps.tenantOf(c.req.raw), c.req.valid("json"), key);
      c.header("Location", `/api/v1/jobs/${result.job.id}`);
      if (!result.created) c.header("Idempotent-Replayed", "true");
      return c.json(view(c, result.job), result.created ? 202 : 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/validate",
      summary: "Check a request against the model without creating a job",
      request: { body: jsonBody },
      responses: {
        200: jsonResponse(
          validateResponseSchema,
          "Every problem, or the normalised request with price and render time",
        ),
        ...errors,
      },
    }),
    async (c) => {
      const check = await deps.jobs.check(deps.tenantOf(c.req.raw), c.req.valid("json"));
      return c.json(
        check.ok
          ? {
              valid: true,
              issues: [],
              warnings: check.notes ?? [],
              request: check.request,
              priceUsd: check.priceUsd,
              expectedRenderSeconds: check.expectedRenderSeconds,
            }
          : {
              valid: false,
              issues: check.issues,
              warnings: [],
              request: null,
              priceUsd: null,
              expectedRenderSeconds: null,
            },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/jobs",
      summary: "List jobs, newest first",
      description:
        "Filters combine; `q` finds jobs whose prompt (as sent to the provider) contains the text, ignoring case.",
      request: { query: listJobsQuerySchema },
      responses: { 200: jsonResponse(jobListSchema, "One page of jobs"), ...errors },
    }),
    async (c) => {
      const { q, ...query } = c.req.valid("query");
      const page = await deps.jobs.list({
        ...query,
        ...(q === undefined ? {} : { promptContains: q }),
        tenantId: deps.tenantOf(c.req.raw),
      });
      const nowMs = deps.clock.now();
      const links = deps.mediaLinks(c.req.raw);
      const data = page.jobs.map((job) => toJobView(job, links, nowMs));
      return c.json({ object: "list" as const, data, nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/jobs/{id}",
      summary: "Get a job",
      request: { params: jobIdParamsSchema },
      responses: { 200: jsonResponse(jobViewSchema, "The job"), ...errors },
    }),
    async (c) => {
      const job = await deps.jobs.get(deps.tenantOf(c.req.raw), c.req.valid("param").id);
      return c.json(view(c, job), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/jobs/{id}/cancel",
      summary: "Cancel a job",
      description: "A queued job is cancelled at once; a running one is cancelled upstream where the provider can.",
      request: { params: jobIdParamsSchema },
      responses: { 202: jsonResponse(jobViewSchema, "The cancel was recorded"), ...errors },
    }),
    async (c) => {
      const job = await deps.jobs.cancel(deps.tenantOf(c.req.raw), c.req.valid("param").id);
      return c.json(view(c, job), 202);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/v1/jobs/{id}",
      summary: "Delete a job and its video",
      description:
        "The job, its events and its stored video and thumbnail are deleted. A job still running is cancelled first (upstream too, where the provider can) and deleted once it has stopped; if that takes longer than a few seconds, the answer is 409 and the cancel goes on, so send the DELETE again.",
      request: { params: jobIdParamsSchema },
      responses: {
        204: { description: "Deleted" },
        ...errors,
        409: jsonResponse(errorBodySchema, "The job is still being stopped"),
      },
    }),
    async (c) => {
      await deps.jobs.delete(deps.tenantOf(c.req.raw), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  const media = (kind: "content" | "thumbnail") =>
    createRoute({
      method: "get",
      path: `/api/v1/jobs/{id}/${kind}`,
      summary: kind === "content" ? "Download the video (supports Range)" : "Download the thumbnail",
      request: { params: jobIdParamsSchema },
      responses: {
        200: { description: kind === "content" ? "The MP4" : "A WebP image" },
        206: { description: "Part of the file" },
        ...errors,
        409: jsonResponse(errorBodySchema, "The job has no video yet"),
        410: jsonResponse(errorBodySchema, "The video was deleted by retention"),
      },
    });

  for (const kind of ["content", "thumbnail"] as const) {
    app.openapi(media(kind), async (c) => {
      const job = await deps.jobs.get(deps.tenantOf(c.req.raw), c.req.valid("param").id);
      if (job.videoPurgedAt !== null) {
        throw new ReelayError(
          "video_purged",
          `The video of job ${job.id} was deleted on ${new Date(job.videoPurgedAt).toISOString()}, when its retention period ended.`,
        );
      }
      if (job.status !== "succeeded" || job.video === null) {
        throw new ReelayError(
          "job_not_finished",
          `Job ${job.id} is ${job.status}; its video exists once it has succeeded.`,
        );
      }
      const key = kind === "content" ? job.video.key : job.video.thumbnailKey;
      const mediaType = kind === "content" ? job.video.mediaType : job.video.thumbnailMediaType;
      const response = await mediaResponse(c.req.raw, deps.media, key, mediaType);
      if (response === null) throw new ReelayError("not_found", `The stored file of job ${job.id} is missing.`);
      return response as never;
    });
  }
}
