import { quantile } from "./stats.ts";

/** What one round of create + get against a server measured. */
export interface LoadResult {
  requests: number;
  seconds: number;
  /** Latency of each create and each get, in milliseconds. */
  createMs: number[];
  getMs: number[];
}

async function timed(url: string, init: RequestInit, expectStatus: number): Promise<{ ms: number; body: unknown }> {
  const startedAt = performance.now();
  const response = await fetch(url, init);
  const body: unknown = await response.json();
  const ms = performance.now() - startedAt;
  if (response.status !== expectStatus) {
    throw new Error(`${init.method ?? "GET"} ${url}: ${response.status} ${JSON.stringify(body)}`);
  }
  return { ms, body };
}

/**
 * `concurrency` callers, each creating a job at `baseUrl` and reading it back, over and over for
 * `durationMs`. Closed loop: a caller sends its next request when the last one has answered.
 */
export async function runCreateGetLoad(
  baseUrl: string,
  body: unknown,
  concurrency: number,
  durationMs: number,
): Promise<LoadResult> {
  const createMs: number[] = [];
  const getMs: number[] = [];
  const startedAt = performance.now();
  const endAt = startedAt + durationMs;
  const json = JSON.stringify(body);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < endAt) {
        const created = await timed(
          `${baseUrl}/api/v1/jobs`,
          { method: "POST", headers: { "content-type": "application/json" }, body: json },
          202,
        );
        createMs.push(created.ms);
        const { id } = created.body as { id: string };
        getMs.push((await timed(`${baseUrl}/api/v1/jobs/${id}`, { method: "GET" }, 200)).ms);
      }
    }),
  );
  const seconds = (performance.now() - startedAt) / 1000;
  return { requests: createMs.length + getMs.length, seconds, createMs, getMs };
}

/** Several rounds of one server as one result. */
export function mergeLoads(results: readonly LoadResult[]): LoadResult {
  return {
    requests: results.reduce((sum, result) => sum + result.requests, 0),
    seconds: results.reduce((sum, result) => sum + result.seconds, 0),
    createMs: results.flatMap((result) => result.createMs),
    getMs: results.flatMap((result) => result.getMs),
  };
}

export const p50 = (values: readonly number[]) => quantile(values, 0.5);
export const p99 = (values: readonly number[]) => quantile(values, 0.99);
