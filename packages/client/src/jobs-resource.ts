import { createIdempotencyKey } from "./idempotency-key.ts";
import { type JobEventStreamOptions, streamJobEvents } from "./job-event-stream.ts";
import { retryAfterMsFromHeaders } from "./retry-policy.ts";
import type { RequestOptions, Transport } from "./transport.ts";
import { type WaitOptions, waitForJob } from "./wait-for-job.ts";
import type { CreateJobRequest, JobEvent, JobList, JobStatus, JobView } from "./wire.ts";
import type { JobTimeline } from "./wire-timeline.ts";

/** Filters and paging of `jobs.list` and `jobs.iterate`. */
export interface ListJobsOptions {
  /** Only jobs with this status. */
  status?: JobStatus;
  /** Only jobs of this catalog model. */
  model?: string;
  /** Only jobs of this category (by id). */
  category?: string;
  /** Only jobs whose prompt (as sent to the provider, styled) contains this text, ignoring case; 1–200 characters. */
  q?: string;
  /** Start after this cursor (a previous page's `nextCursor`). */
  cursor?: string;
  /** Jobs per page. */
  limit?: number;
}

/** Options of `jobs.create`. */
export interface CreateJobOptions extends RequestOptions {
  /**
   * Makes the create safe to repeat: the server creates one job per key and answers a repeat with that
   * job. A random key is generated per call when absent, and every retry of the call sends the same one.
   */
  idempotencyKey?: string;
}

/** Which file of a finished job to download: the video or its still image. */
export type DownloadVariant = "content" | "thumbnail";

/** The `client.jobs` resource group. */
export interface JobsResource {
  /** Starts a generation. The server validates the request against the model first. */
  create(request: CreateJobRequest, options?: CreateJobOptions): Promise<JobView>;
  /** The job as it stands. */
  get(id: string, options?: RequestOptions): Promise<JobView>;
  /** One page of the caller's jobs, newest first. */
  list(query?: ListJobsOptions, options?: RequestOptions): Promise<JobList>;
  /** Every job matching the query, fetching page after page as the loop advances. */
  iterate(query?: ListJobsOptions, options?: RequestOptions): AsyncIterable<JobView>;
  /** Requests cancellation; the job reaches `cancelled` once the provider has stopped. */
  cancel(id: string, options?: RequestOptions): Promise<JobView>;
  /** The finished video (or its thumbnail) as a streaming response; `job_not_finished` before success. */
  download(id: string, variant?: DownloadVariant, options?: RequestOptions): Promise<Response>;
  /** Every step of the job so far, oldest first, each with the provider call behind it. */
  timeline(id: string, options?: RequestOptions): Promise<JobTimeline>;
  /** The job's changes as they happen, ending after the event whose job is terminal. */
  events(id: string, options?: JobEventStreamOptions): AsyncIterable<JobEvent>;
  /** Resolves with the job once it is terminal; see {@link WaitOptions}. */
  wait(id: string, options?: WaitOptions): Promise<JobView>;
}

/** Creates the `jobs` resource group over a transport. */
export function createJobsResource(transport: Transport): JobsResource {
  const jobPath = (id: string) => `/api/v1/jobs/${encodeURIComponent(id)}`;

  const resource: JobsResource = {
    async create(request, options = {}) {
      const { idempotencyKey = createIdempotencyKey(), ...requestOptions } = options;
      const result = await transport.json<JobView>({
        ...requestOptions,
        method: "POST",
        path: "/api/v1/jobs",
        body: request,
        headers: { "idempotency-key": idempotencyKey },
      });
      return result.data;
    },
    async get(id, options = {}) {
      return (await transport.json<JobView>({ ...options, method: "GET", path: jobPath(id) })).data;
    },
    async list(query = {}, options = {}) {
      return (await transport.json<JobList>({ ...options, method: "GET", path: "/api/v1/jobs", query: { ...query } }))
        .data;
    },
    async *iterate(query = {}, options = {}) {
      let cursor = query.cursor;
      do {
        const page = await resource.list({ ...query, cursor }, options);
        yield* page.data;
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
    },
    async cancel(id, options = {}) {
      return (await transport.json<JobView>({ ...options, method: "POST", path: `${jobPath(id)}/cancel` })).data;
    },
    download(id, variant = "content", options = {}) {
      return transport.stream({ ...options, method: "GET", path: `${jobPath(id)}/${variant}`, accept: "*/*" });
    },
    async timeline(id, options = {}) {
      return (await transport.json<JobTimeline>({ ...options, method: "GET", path: `${jobPath(id)}/timeline` })).data;
    },
    events(id, options = {}) {
      return streamJobEvents(transport, `${jobPath(id)}/events`, { ...options, endOnTerminal: true });
    },
    wait(id, options = {}) {
      return waitForJob(
        {
          events: resource.events,
          cancel: resource.cancel,
          async poll(jobId, signal) {
            const { data, response } = await transport.json<JobView>({ method: "GET", path: jobPath(jobId), signal });
            return { job: data, pollAfterMs: retryAfterMsFromHeaders(response.headers) };
          },
        },
        id,
        options,
      );
    },
  };
  return resource;
}
