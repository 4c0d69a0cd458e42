/**
 * One HTTP request as telemetry keeps it: method, path and status only. Queries, headers and bodies
 * are never kept, since they carry API keys and URL signatures.
 */
export interface HttpExchange {
  method: string;
  /** The URL's path, without its query or fragment. */
  path: string;
  /** The answer's status; null when no answer came. */
  status: number | null;
  /** From sending to the answer's headers (or to the failure). */
  durationMs: number;
}

/** The path of the URL a request goes to; empty for a URL `fetch` will refuse anyway. */
function pathOf(input: string | URL | Request): string {
  if (input instanceof URL) return input.pathname;
  const url = input instanceof Request ? input.url : input;
  return URL.canParse(url) ? new URL(url).pathname : "";
}

/**
 * `fetchImpl`, telling `onExchange` about each request once its answer's headers arrived or it
 * failed, timed on `nowMs`. Nothing else changes: the answer, or the error, is passed on as it was.
 */
export function watchFetch(
  fetchImpl: typeof fetch,
  onExchange: (exchange: HttpExchange) => void,
  nowMs: () => number,
): typeof fetch {
  return async (input, init) => {
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    const path = pathOf(input);
    const startedAt = nowMs();
    const elapsedMs = () => Math.round(nowMs() - startedAt);
    try {
      const response = await fetchImpl(input, init);
      onExchange({ method, path, status: response.status, durationMs: elapsedMs() });
      return response;
    } catch (error) {
      onExchange({ method, path, status: null, durationMs: elapsedMs() });
      throw error;
    }
  };
}
