/** One request the client sent to the fake. */
export interface RecordedCall {
  /** The full request URL. */
  url: URL;
  /** HTTP method. */
  method: string;
  /** Request headers. */
  headers: Headers;
  /** The body as sent: a JSON string, FormData, or nothing. */
  body: string | FormData | undefined;
  /** When the call arrived, from `performance.now()`. */
  atMs: number;
}

/** Answers one call; may return a promise that never settles (the fake rejects it on abort, as fetch does). */
export type FakeHandler = (call: RecordedCall, index: number) => Response | Promise<Response>;

/** A scripted stand-in for `fetch` that returns real `Response` objects and records every call. */
export interface FakeFetch {
  /** The function to pass as the client's `fetch`. */
  fetch: typeof fetch;
  /** Every call so far, in order. */
  calls: RecordedCall[];
}

/** A fake `fetch` answering with `handler`, honouring `signal` for the wait and the body like real fetch. */
export function createFakeFetch(handler: FakeHandler): FakeFetch {
  const calls: RecordedCall[] = [];
  const fakeFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const call: RecordedCall = {
      url: new URL(input instanceof Request ? input.url : input),
      method: init.method ?? "GET",
      headers: new Headers(init.headers),
      body: typeof init.body === "string" || init.body instanceof FormData ? init.body : undefined,
      atMs: performance.now(),
    };
    calls.push(call);
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw signal.reason;
    const answer = Promise.resolve(handler(call, calls.length - 1));
    if (signal === undefined) return answer;
    const aborted = new Promise<never>((_resolve, reject) => {
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
    return abortableBody(await Promise.race([answer, aborted]), signal);
  };
  return { fetch: fakeFetch as typeof fetch, calls };
}

/**
 * A handler that answers its nth call with step n (counting only the calls it gets), and fails the
 * test loudly when the script runs out.
 */
export function scripted(...steps: Array<Response | FakeHandler>): FakeHandler {
  let next = 0;
  return (call) => {
    const index = next++;
    const step = steps[index];
    if (step === undefined) throw new Error(`Unexpected call ${index + 1}: ${call.method} ${call.url}`);
    return step instanceof Response ? step : step(call, index);
  };
}

/** A JSON answer. */
export function jsonResponse(
  body: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { "content-type": "application/json", ...init.headers },
  });
}

/** A Reelay error answer. */
export function errorResponse(
  status: number,
  code: string,
  init: { headers?: Record<string, string>; issues?: unknown[]; message?: string } = {},
): Response {
  const error = { code, message: init.message ?? `${code} happened`, ...(init.issues ? { issues: init.issues } : {}) };
  return jsonResponse({ error }, { status, headers: init.headers });
}

/** An event-stream answer sending `chunks` in order; with `keepOpen` it never ends on its own. */
export function sseResponse(chunks: Array<string | Uint8Array>, options: { keepOpen?: boolean } = {}): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
      if (!options.keepOpen) controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
}

/** One event in `text/event-stream` form. */
export function sseEvent(id: number, type: string, data: unknown): string {
  return `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Real fetch errors the body when the signal fires after the headers arrived; so does the fake. */
function abortableBody(response: Response, signal: AbortSignal): Response {
  if (response.body === null) return response;
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      signal.addEventListener(
        "abort",
        () => {
          controller.error(signal.reason);
          reader.cancel(signal.reason).catch(() => undefined);
        },
        { once: true },
      );
    },
    async pull(controller) {
      const chunk = await reader.read();
      if (signal.aborted) return;
      if (chunk.done) controller.close();
      else controller.enqueue(chunk.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** An event-stream answer the test writes to while the client reads it. */
export interface SseChannel {
  /** The answer to hand to the client. */
  response: Response;
  /** Sends text on the stream. */
  send(text: string): void;
  /** Ends the stream. */
  close(): void;
}

/** Creates an event-stream answer driven by the test. */
export function sseChannel(): SseChannel {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
    },
  });
  return {
    response: new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } }),
    send: (text) => controller?.enqueue(encoder.encode(text)),
    close: () => controller?.close(),
  };
}
