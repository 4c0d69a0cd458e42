import { abortableSleep } from "./abortable-sleep.ts";
import { abortedError, ReelayApiError } from "./errors.ts";
import { readErrorResponse } from "./read-error-response.ts";
import { decideRetry, type RetryPolicy } from "./retry-policy.ts";

/** Options every client method accepts. */
export interface RequestOptions {
  /** Ends the call at once with code `aborted`, also while it waits before a retry. */
  signal?: AbortSignal;
  /** How long one attempt may wait for the response headers, in milliseconds; the client's `timeoutMs` by default. */
  timeoutMs?: number;
  /** Retries after the first attempt for this call; the client's `maxRetries` by default. */
  maxRetries?: number;
}

/** One call to the API, as the resource groups describe it. */
export interface TransportRequest extends RequestOptions {
  /** HTTP method. */
  method: "GET" | "POST" | "DELETE";
  /** Path under the base URL, starting with `/`. */
  path: string;
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | undefined>;
  /** A JSON value, or `FormData` for multipart uploads. */
  body?: unknown;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** The `accept` header; `application/json` by default. */
  accept?: string;
}

/** A JSON answer with the response it came in (its body already read), for status and headers. */
export interface JsonResult<T> {
  /** The parsed body; undefined for an empty body. */
  data: T;
  /** The response, for its status and headers. */
  response: Response;
}

/** What the transport needs from the client's options. */
export interface TransportOptions {
  /** Server address, without a trailing slash required. */
  baseUrl: string;
  /** Bearer token, when the server wants one. */
  apiKey?: string;
  /** The `fetch` to call; the global one at call time by default. */
  fetch?: typeof fetch;
  /** Default per-attempt timeout, in milliseconds. */
  timeoutMs: number;
  /** Default retry policy. */
  retryPolicy: RetryPolicy;
}

/** The one place that calls `fetch`: retries, timeouts, aborts and error answers are handled here. */
export interface Transport {
  /** Server address without a trailing slash. */
  readonly baseUrl: string;
  /** The client's default retry policy. */
  readonly retryPolicy: RetryPolicy;
  /** Sends the request and reads a JSON answer; the per-attempt timeout covers reading the body too. */
  json<T>(request: TransportRequest): Promise<JsonResult<T>>;
  /**
   * Sends the request and returns the successful response unread (downloads, event streams). The
   * timeout covers only waiting for the headers; the caller's signal still ends the body.
   */
  stream(request: TransportRequest): Promise<Response>;
}

/** Creates the transport a client's resource groups share. */
export function createTransport(options: TransportOptions): Transport {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const fetchImplementation: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function withRetries<T>(request: TransportRequest, send: () => Promise<T>): Promise<T> {
    const policy = { ...options.retryPolicy, maxRetries: request.maxRetries ?? options.retryPolicy.maxRetries };
    for (let retriesSoFar = 0; ; retriesSoFar++) {
      try {
        return await send();
      } catch (error) {
        if (!(error instanceof ReelayApiError)) throw error;
        const decision = decideRetry(error, retriesSoFar, policy);
        if (!decision.retry) throw error;
        await abortableSleep(decision.delayMs, request.signal);
      }
    }
  }

  async function attempt<T>(
    request: TransportRequest,
    streaming: boolean,
    read: (response: Response) => Promise<T>,
  ): Promise<T> {
    const callerSignal = request.signal;
    if (callerSignal?.aborted) throw abortedError(callerSignal.reason);
    const what = `${request.method} ${request.path}`;
    const timeoutMs = request.timeoutMs ?? options.timeoutMs;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const forwardAbort = () => controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener("abort", forwardAbort, { once: true });
    let keepLinked = false;
    try {
      const response = await fetchImplementation(urlFor(request), {
        method: request.method,
        headers: headersFor(request),
        body: bodyFor(request.body),
        signal: controller.signal,
      });
      if (!response.ok) throw await readErrorResponse(response, what);
      const result = await read(response);
      // A streamed body outlives this attempt; the caller's signal must still be able to end it.
      keepLinked = streaming;
      return result;
    } catch (error) {
      throw classify(error, { callerSignal, timedOut, timeoutMs, what });
    } finally {
      clearTimeout(timer);
      if (!keepLinked) callerSignal?.removeEventListener("abort", forwardAbort);
    }
  }

  function classify(
    error: unknown,
    context: { callerSignal: AbortSignal | undefined; timedOut: boolean; timeoutMs: number; what: string },
  ): unknown {
    if (context.callerSignal?.aborted) return abortedError(context.callerSignal.reason);
    if (error instanceof ReelayApiError) return error;
    if (context.timedOut) {
      return new ReelayApiError({
        status: 0,
        code: "timeout",
        message: `${context.what} got no answer from Reelay at ${baseUrl} within ${context.timeoutMs} ms.`,
        cause: error,
      });
    }
    const reason = causeMessage(error);
    return new ReelayApiError({
      status: 0,
      code: "network_error",
      message: `Cannot reach Reelay at ${baseUrl} (${context.what})${reason ? `: ${reason}` : "."}`,
      cause: error,
    });
  }

  function urlFor(request: TransportRequest): string {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) query.set(name, String(value));
    }
    const suffix = query.size > 0 ? `?${query}` : "";
    return `${baseUrl}${request.path}${suffix}`;
  }

  function headersFor(request: TransportRequest): Record<string, string> {
    // FormData sets its own multipart content type (with the boundary); other bodies are JSON.
    const isJsonBody = request.body !== undefined && !(request.body instanceof FormData);
    return {
      accept: request.accept ?? "application/json",
      ...(isJsonBody ? { "content-type": "application/json" } : {}),
      ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
      ...request.headers,
    };
  }

  return {
    baseUrl,
    retryPolicy: options.retryPolicy,
    json: <T>(request: TransportRequest) =>
      withRetries(request, () =>
        attempt(request, false, async (response): Promise<JsonResult<T>> => {
          const text = await response.text();
          return { data: parseJson<T>(text, response, `${request.method} ${request.path}`), response };
        }),
      ),
    stream: (request: TransportRequest) =>
      withRetries(request, () => attempt(request, true, async (response) => response)),
  };
}

function bodyFor(body: unknown): BodyInit | undefined {
  if (body === undefined) return undefined;
  return body instanceof FormData ? body : JSON.stringify(body);
}

function parseJson<T>(text: string, response: Response, what: string): T {
  if (text === "") return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new ReelayApiError({
      status: response.status,
      code: "invalid_response",
      message: `${what} answered ${response.status} with a body that is not JSON.`,
      cause: error,
    });
  }
}

/** The most specific reason a failed `fetch` gives (Node puts the socket error on `cause`). */
function causeMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error && cause.message) return cause.message;
  return error.message;
}
