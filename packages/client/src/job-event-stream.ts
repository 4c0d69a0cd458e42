import { abortableSleep } from "./abortable-sleep.ts";
import { abortedError, ReelayApiError } from "./errors.ts";
import { backoffDelayMs, decideRetry } from "./retry-policy.ts";
import { parseEventStream, type ServerSentEvent } from "./sse.ts";
import type { Transport } from "./transport.ts";
import { type JobEvent, type JobEventType, type JobView, TERMINAL_STATUSES } from "./wire.ts";

/** Options of `jobs.events` and `events.stream`. */
export interface JobEventStreamOptions {
  /**
   * Resume after this event: the `id` of the last event already handled. Without it a job's stream
   * starts with a `snapshot` event of the job as it stands.
   */
  lastEventId?: string;
  /** Ends the stream with code `aborted`. */
  signal?: AbortSignal;
}

/** Connection attempts in a row that may fail before the stream gives up with the last error. */
const MAX_FAILED_CONNECTS = 5;

/**
 * Follows an event stream of the API, reconnecting with `Last-Event-ID` whenever the connection
 * ends, so no event is missed or repeated. With `endOnTerminal` it ends after the first event whose
 * job is terminal (a job's own stream); otherwise only the caller's signal ends it.
 */
export async function* streamJobEvents(
  transport: Transport,
  path: string,
  options: JobEventStreamOptions & { endOnTerminal: boolean },
): AsyncGenerator<JobEvent> {
  const { signal } = options;
  let lastEventId = options.lastEventId;
  let serverRetryMs: number | undefined;
  let failedConnects = 0;
  let quietConnections = 0;
  for (;;) {
    let body: ReadableStream<Uint8Array>;
    try {
      body = await openEventStream(transport, path, lastEventId, signal);
      failedConnects = 0;
    } catch (error) {
      if (!(error instanceof ReelayApiError)) throw error;
      const decision = decideRetry(error, failedConnects, {
        maxRetries: MAX_FAILED_CONNECTS - 1,
        maxRetryAfterMs: transport.retryPolicy.maxRetryAfterMs,
      });
      if (!decision.retry) throw error;
      failedConnects++;
      await abortableSleep(error.retryAfterMs ?? serverRetryMs ?? decision.delayMs, signal);
      continue;
    }
    let delivered = false;
    try {
      for await (const item of parseEventStream(body)) {
        if (item.kind === "retry") {
          serverRetryMs = item.retryMs;
          continue;
        }
        const event = toJobEvent(item, path);
        if (item.lastEventId !== "") lastEventId = item.lastEventId;
        delivered = true;
        yield event;
        if (options.endOnTerminal && TERMINAL_STATUSES.includes(event.job.status)) return;
      }
    } catch (error) {
      if (signal?.aborted) throw abortedError(signal.reason);
      if (error instanceof ReelayApiError) throw error;
      // Any other failure is the connection breaking; it is resumed below like a closed one.
    }
    // A server that keeps closing streams at once without an event is not hammered: the wait grows.
    quietConnections = delivered ? 0 : quietConnections + 1;
    await abortableSleep(serverRetryMs ?? backoffDelayMs(quietConnections), signal);
  }
}

async function openEventStream(
  transport: Transport,
  path: string,
  lastEventId: string | undefined,
  signal: AbortSignal | undefined,
): Promise<ReadableStream<Uint8Array>> {
  const response = await transport.stream({
    method: "GET",
    path,
    accept: "text/event-stream",
    headers: lastEventId === undefined ? {} : { "last-event-id": lastEventId },
    // Reconnection is paced here, counting failed connects; the transport must not retry on its own.
    maxRetries: 0,
    signal,
  });
  const contentType = response.headers.get("content-type")?.toLowerCase() ?? "";
  if (contentType.startsWith("text/event-stream") && response.body !== null) return response.body;
  response.body?.cancel().catch(() => undefined);
  throw new ReelayApiError({
    status: response.status,
    code: "invalid_response",
    message: `GET ${path} answered with ${contentType || "no content type"} instead of text/event-stream.`,
  });
}

function toJobEvent(event: ServerSentEvent, path: string): JobEvent {
  let job: unknown;
  try {
    job = JSON.parse(event.data);
  } catch (error) {
    throw new ReelayApiError({
      status: 200,
      code: "invalid_response",
      message: `An event of GET ${path} carried data that is not JSON.`,
      cause: error,
    });
  }
  if (!isJobView(job)) {
    throw new ReelayApiError({
      status: 200,
      code: "invalid_response",
      message: `An event of GET ${path} carried data that is not a job.`,
    });
  }
  // Event types a newer server adds are passed on as they are; the job is what matters.
  return { id: event.lastEventId, type: event.type as JobEventType, job };
}

function isJobView(value: unknown): value is JobView {
  return (
    typeof value === "object" &&
    value !== null &&
    "id" in value &&
    typeof value.id === "string" &&
    "status" in value &&
    typeof value.status === "string"
  );
}
