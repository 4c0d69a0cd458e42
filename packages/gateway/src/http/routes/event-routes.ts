import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { JobEventType } from "@reelay/client";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { Logger } from "pino";
import type { Clock } from "../../core/clock.ts";
import type { JobRecord } from "../../core/types.ts";
import type { JobEventFeed } from "../../events/job-event-feed.ts";
import type { StoredJobEvent } from "../../jobs/job-events.ts";
import type { JobService } from "../../jobs/job-service.ts";
import type { MediaLinks } from "../job-media-links.ts";
import { toJobView } from "../job-view.ts";
import { requestLogger } from "../request-log.ts";
import { errorBodySchema, jobIdParamsSchema } from "../schemas.ts";

export interface EventRouteDependencies {
  clock: Clock;
  jobs: JobService;
  events: JobEventFeed;
  logger: Logger;
  /** The links to job media in the answers to a request: signed when it came with an API key. */
  mediaLinks(request: Request): MediaLinks;
  tenantOf(request: Request): string;
  /** Quiet time after which a stream sends a keep-alive comment. */
  keepAliveMs: number;
  /** Aborted when the server shuts down: every open stream ends. */
  shutdown: AbortSignal;
}

/** How long a disconnected EventSource waits before reconnecting. */
const RECONNECT_MS = 2_000;

const eventId = z.string().regex(/^\d{1,15}$/, "must be the id of an event this server sent (a non-negative integer)");
const resumeHeaders = z.object({
  "last-event-id": eventId
    .optional()
    .openapi({ description: "Resume after this event: every later event is sent, none is missed" }),
});
const resumeQuery = z.object({
  lastEventId: eventId
    .optional()
    .openapi({ description: "Same as the Last-Event-ID header, for clients that cannot set headers" }),
});
const eventStreamResponse = (description: string) => ({
  200: { content: { "text/event-stream": { schema: z.string() } }, description },
});

const isTerminal = (job: JobRecord) => job.status !== "queued" && job.status !== "running";

/** Writes one event to a stream. */
type SendEvent = (event: Pick<StoredJobEvent, "id" | "job" | "createdAt"> & { type: JobEventType }) => Promise<void>;

export function registerEventRoutes(app: OpenAPIHono, deps: EventRouteDependencies): void {
  /** Streams what `body` sends as server-sent events, with keep-alives, until it returns or the client leaves. */
  function sse(c: Context, body: (send: SendEvent, signal: AbortSignal) => Promise<void>): Response {
    c.header("X-Accel-Buffering", "no");
    return streamSSE(c, async (stream) => {
      const controller = new AbortController();
      const stop = () => controller.abort();
      stream.onAbort(stop);
      deps.shutdown.addEventListener("abort", stop, { once: true });
      let lastWrite = Date.now();
      const keepAlive = setInterval(
        () => {
          if (Date.now() - lastWrite < deps.keepAliveMs) return;
          lastWrite = Date.now();
          stream.write(": keep-alive\n\n").catch(stop);
        },
        Math.max(50, deps.keepAliveMs / 2),
      );
      const send: SendEvent = async (event) => {
        lastWrite = Date.now();
        await stream.writeSSE({
          id: String(event.id),
          event: event.type,
          // Links are made as each event is sent, so a replayed old event gets ones that work now.
          data: JSON.stringify(toJobView(event.job, deps.mediaLinks(c.req.raw), event.createdAt)),
        });
      };
      try {
        await stream.write(`retry: ${RECONNECT_MS}\n\n`);
        await body(send, controller.signal);
      } catch (error) {
        if (!controller.signal.aborted)
          requestLogger(c.req.raw, deps.logger).warn({ err: error }, "event stream failed");
      } finally {
        clearInterval(keepAlive);
        deps.shutdown.removeEventListener("abort", stop);
        controller.abort();
      }
    });
  }

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/jobs/{id}/events",
      summary: "Follow a job as server-sent events",
      description:
        "Events `snapshot` (the job when the stream starts without Last-Event-ID), `status`, `progress`, `warnings` " +
        "and `done`, each with the whole job as data. The stream ends after the event of a terminal job.",
      request: { params: jobIdParamsSchema, headers: resumeHeaders, query: resumeQuery },
      responses: {
        ...eventStreamResponse("The job's events"),
        400: { content: { "application/json": { schema: errorBodySchema } }, description: "Bad Last-Event-ID" },
        404: { content: { "application/json": { schema: errorBodySchema } }, description: "No such job" },
      },
    }),
    async (c) => {
      const tenantId = deps.tenantOf(c.req.raw);
      const { id } = c.req.valid("param");
      const resume = c.req.valid("header")["last-event-id"] ?? c.req.valid("query").lastEventId;
      // Unknown jobs get a 404 before any stream starts.
      await deps.jobs.get(tenantId, id);
      return sse(c, async (send, signal) => {
        let afterId: number;
        if (resume === undefined) {
          afterId = await deps.events.lastEventId(tenantId, id);
          // Read after the id, so the snapshot is at least as new as every event it stands for.
          const job = await deps.jobs.get(tenantId, id);
          await send({ id: afterId, type: "snapshot", job, createdAt: deps.clock.now() });
          if (isTerminal(job)) return;
        } else {
          afterId = Number(resume);
          const job = await deps.jobs.get(tenantId, id);
          if (isTerminal(job) && (await deps.events.lastEventId(tenantId, id)) <= afterId) return;
        }
        for await (const event of deps.events.follow({ tenantId, jobId: id, afterId, signal })) {
          await send(event);
          if (isTerminal(event.job)) return;
        }
      }) as never;
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/events",
      summary: "Follow all of the caller's jobs as server-sent events",
      description: "Every change of every job from now on (or after Last-Event-ID), with the whole job as data.",
      request: { headers: resumeHeaders, query: resumeQuery },
      responses: {
        ...eventStreamResponse("Events of all jobs"),
        400: { content: { "application/json": { schema: errorBodySchema } }, description: "Bad Last-Event-ID" },
      },
    }),
    async (c) => {
      const tenantId = deps.tenantOf(c.req.raw);
      const resume = c.req.valid("header")["last-event-id"] ?? c.req.valid("query").lastEventId;
      return sse(c, async (send, signal) => {
        const afterId = resume === undefined ? await deps.events.lastEventId(tenantId) : Number(resume);
        for await (const event of deps.events.follow({ tenantId, afterId, signal })) await send(event);
      }) as never;
    },
  );
}
