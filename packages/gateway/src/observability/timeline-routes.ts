import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { JobService } from "../jobs/job-service.ts";
import { jsonResponse } from "../http/json-response.ts";
import { errorBodySchema, jobIdParamsSchema } from "../http/schemas.ts";
import { jobTimelineSchema } from "./timeline-schemas.ts";
import type { TimelineStore } from "./timeline-store.ts";
import { toTimelineView } from "./timeline-view.ts";

export interface TimelineRouteDependencies {
  jobs: JobService;
  timeline: TimelineStore;
  tenantOf(request: Request): string;
}

/** `GET /api/v1/jobs/{id}/timeline`: the steps of one of the caller's jobs. */
export function registerTimelineRoutes(app: OpenAPIHono, deps: TimelineRouteDependencies): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/jobs/{id}/timeline",
      summary: "Get a job's timeline",
      description:
        "Every step of the job, oldest first: accepted, submitted, status changes, progress milestones, rendered, downloaded, thumbnailed, failed calls and webhook attempts, each with the provider call behind it (operation, method, path without query, status, duration). Polls that change nothing are counted, not listed; steps that can repeat without end keep their first entries only.",
      request: { params: jobIdParamsSchema },
      responses: {
        200: jsonResponse(jobTimelineSchema, "The job's timeline"),
        400: jsonResponse(errorBodySchema, "The request is malformed"),
        404: jsonResponse(errorBodySchema, "No such job"),
      },
    }),
    async (c) => {
      const tenantId = deps.tenantOf(c.req.raw);
      // The job's own read decides whether it exists for this tenant: the same 404 as GET /jobs/{id}.
      const job = await deps.jobs.get(tenantId, c.req.valid("param").id);
      return c.json(toTimelineView(job, await deps.timeline.read(tenantId, job.id)), 200);
    },
  );
}
