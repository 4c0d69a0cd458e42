import { z } from "@hono/zod-openapi";
import { FAILURE_CODES, JOB_STATUSES } from "../http/schemas.ts";

const EVENT_TYPES = ["job.running", "job.progress", "job.succeeded", "job.failed", "job.cancelled"] as const;

const providerCallSchema = z
  .object({
    operation: z.enum(["create", "poll", "cancel", "lookup", "download"]),
    durationMs: z.number(),
    requests: z.array(
      z.object({
        method: z.string(),
        path: z.string().openapi({ description: "The URL's path only, never its query" }),
        status: z.number().nullable(),
        durationMs: z.number(),
      }),
    ),
  })
  .openapi("TimelineProviderCall");

/** One entry of `step`, whose `details` are `details`. */
const entry = <Step extends string, Details extends z.ZodType>(step: Step, details: Details) =>
  z.object({ at: z.string(), step: z.literal(step), details, providerCall: providerCallSchema.nullable() });

const timelineEntrySchema = z
  .discriminatedUnion("step", [
    entry("accepted", z.object({ model: z.string() })),
    entry("submitted", z.object({ upstreamId: z.string().nullable(), reconciled: z.boolean() })),
    entry(
      "status_changed",
      z.object({
        from: z.enum(JOB_STATUSES),
        to: z.enum(JOB_STATUSES),
        failure: z.object({ code: z.enum(FAILURE_CODES), message: z.string() }).nullable(),
      }),
    ),
    entry(
      "progress",
      z.object({
        milestone: z.enum(["first", "25%", "50%", "75%", "100%"]),
        progress: z.number(),
        source: z.enum(["provider", "estimated"]),
      }),
    ),
    entry("cancel_requested", z.object({})),
    entry("rendered", z.object({ outputs: z.number() })),
    entry("downloaded", z.object({ sizeBytes: z.number() })),
    entry("thumbnailed", z.object({ placeholder: z.boolean() })),
    entry("call_failed", z.object({ kind: z.string(), message: z.string() })),
    entry(
      "webhook_sent",
      z.object({
        deliveryId: z.string(),
        eventType: z.enum(EVENT_TYPES),
        target: z.enum(["job", "configured"]),
        outcome: z.enum(["delivered", "failed", "dead"]),
        status: z.number().nullable(),
        attempt: z.number(),
        error: z.string().nullable(),
        durationMs: z.number(),
      }),
    ),
  ])
  .openapi("TimelineEntry");

export const jobTimelineSchema = z
  .object({
    object: z.literal("job_timeline"),
    jobId: z.string(),
    entries: z.array(timelineEntrySchema),
    polls: z.number(),
    lastPollAt: z.string().nullable(),
    omittedEntries: z.number(),
  })
  .openapi("JobTimeline");
