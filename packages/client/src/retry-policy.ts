import type { ReelayApiError } from "./errors.ts";

/** How persistent the client is with failed calls. */
export interface RetryPolicy {
  /** Retries after the first attempt; 3 means up to 4 attempts. */
  maxRetries: number;
  /** Longest `Retry-After` the client waits for on its own; a longer one is thrown to the caller. */
  maxRetryAfterMs: number;
}

/** The policy used when the caller sets nothing. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, maxRetryAfterMs: 60_000 };

/** First backoff step; each retry doubles it. */
const BACKOFF_BASE_MS = 500;
/** Largest backoff step, so a long outage is probed every few seconds rather than minutes. */
const BACKOFF_CAP_MS = 8_000;

/** Whether to try again, and after how long. */
export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/**
 * Whether sending the same request again may help. The server's `X-Should-Retry` wins; otherwise
 * timeouts, network failures, 408, 409, 429 and 5xx are worth another try, and other answers are not
 * (the same request would get the same answer).
 */
export function isRetryable(error: ReelayApiError): boolean {
  if (error.code === "aborted" || error.code === "wait_timeout" || error.code === "job_failed") return false;
  if (error.shouldRetry !== undefined) return error.shouldRetry;
  if (error.code === "network_error" || error.code === "timeout") return true;
  return error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500;
}

/**
 * Whether to retry after `retriesSoFar` retries already failed, and how long to wait first. A server
 * that asks for a wait longer than `maxRetryAfterMs` is not waited for: the caller gets the error
 * (with `retryAfterMs`) and decides.
 */
export function decideRetry(error: ReelayApiError, retriesSoFar: number, policy: RetryPolicy): RetryDecision {
  if (retriesSoFar >= policy.maxRetries || !isRetryable(error)) return { retry: false };
  if (error.retryAfterMs === undefined) return { retry: true, delayMs: backoffDelayMs(retriesSoFar) };
  if (error.retryAfterMs > policy.maxRetryAfterMs) return { retry: false };
  return { retry: true, delayMs: error.retryAfterMs };
}

/**
 * Exponential backoff with full jitter: a random wait up to 500 ms, 1 s, 2 s … capped at 8 s, so
 * clients that failed together do not come back together.
 */
export function backoffDelayMs(retriesSoFar: number): number {
  const ceilingMs = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retriesSoFar);
  return Math.random() * ceilingMs;
}

/**
 * How long the server asked to wait, in milliseconds: `retry-after-ms` when present (more precise),
 * else `Retry-After` as whole seconds or an HTTP date. Undefined when neither is present or valid.
 */
export function retryAfterMsFromHeaders(headers: Headers, nowMs: number = Date.now()): number | undefined {
  const milliseconds = headers.get("retry-after-ms")?.trim();
  if (milliseconds !== undefined && /^\d+(\.\d+)?$/.test(milliseconds)) return Number(milliseconds);
  const retryAfter = headers.get("retry-after")?.trim();
  if (retryAfter === undefined || retryAfter === "") return undefined;
  if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
  const dateMs = Date.parse(retryAfter);
  return Number.isNaN(dateMs) ? undefined : Math.max(0, dateMs - nowMs);
}
