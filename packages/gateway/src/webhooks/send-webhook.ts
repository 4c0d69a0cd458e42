import { retryAfterMs } from "../core/retry-after.ts";
import { UnsafeUrlError } from "../net/safe-fetch.ts";
import { signWebhook } from "./webhook-signature.ts";
import type { WebhookDelivery, WebhookTarget } from "./webhook-store.ts";

/** What one attempt came to. */
export interface WebhookAttemptResult {
  /** A 2xx answer. */
  delivered: boolean;
  /** The answer's HTTP status; null when there was none. */
  status: number | null;
  /** Why it failed, for the delivery log; null on success. Never holds the secret or a query string. */
  error: string | null;
  /** How long a 429 or 503 asked to wait. */
  retryAfterMs?: number;
}

export interface WebhookSenderOptions {
  secret: string;
  /** The fetch for a target: SSRF-safe for callers' URLs; redirects are never followed. */
  fetchFor(target: WebhookTarget): typeof fetch;
  /** Longest wait for one attempt, answer included. */
  timeoutMs: number;
  userAgent: string;
}

/** Sends one attempt of a delivery at `nowMs`. */
export type WebhookSender = (delivery: WebhookDelivery, nowMs: number) => Promise<WebhookAttemptResult>;

/** A failed fetch in words, without the URL's query (which may hold a token). */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof UnsafeUrlError) return error.message;
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return `network error: ${cause.message || code || cause.name}`;
  }
  return `network error: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Sends deliveries signed per Standard Webhooks: `webhook-id` is the delivery id (the same on
 * every retry, so receivers dedupe), `webhook-timestamp` this attempt's time, and
 * `webhook-signature` the HMAC of both and the stored body. Only a 2xx counts; a redirect is a
 * failure, since following it could lead anywhere.
 */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  return async (delivery, nowMs) => {
    const timestampSeconds = Math.floor(nowMs / 1000);
    const headers = {
      "content-type": "application/json",
      "user-agent": options.userAgent,
      "webhook-id": delivery.id,
      "webhook-timestamp": String(timestampSeconds),
      "webhook-signature": signWebhook(options.secret, {
        id: delivery.id,
        timestampSeconds,
        body: delivery.payload,
      }),
    };
    let response: Response;
    try {
      response = await options.fetchFor(delivery.target)(delivery.url, {
        method: "POST",
        headers,
        body: delivery.payload,
        redirect: "manual",
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      return { delivered: false, status: null, error: describeFailure(error, options.timeoutMs) };
    }
    // The answer's body is of no use; cancelling it frees the connection.
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300)
      return { delivered: true, status: response.status, error: null };
    const waitMs =
      response.status === 429 || response.status === 503 ? retryAfterMs(response.headers, nowMs) : undefined;
    const redirect = response.status >= 300 && response.status < 400 ? " (redirects are not followed)" : "";
    return {
      delivered: false,
      status: response.status,
      error: `answered HTTP ${response.status}${redirect}`,
      ...(waitMs === undefined ? {} : { retryAfterMs: waitMs }),
    };
  };
}
