import { ProviderCallError } from "../../core/errors.ts";
import type { ProviderErrorReader } from "../shared/call-provider.ts";
import { VeoRequestError } from "./veo-options.ts";

/*
 * Google's error envelope on both surfaces: `{error:{code,message,status,details}}`
 * (shared/providers/google-veo.md §8). The retry hint of a 429 is not a header but
 * `details[@type=…google.rpc.RetryInfo].retryDelay`, a duration string like "34.4s".
 */

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A protobuf `Duration` as JSON ("34.4s"), or as `{seconds, nanos}` from clients that send objects. */
export function durationToMs(value: unknown): number | undefined {
  if (typeof value === "string") {
    const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
    return match?.[1] === undefined ? undefined : Math.round(Number(match[1]) * 1000);
  }
  const object = record(value);
  if (object === undefined) return undefined;
  const seconds = Number(object.seconds ?? 0);
  const nanos = Number(object.nanos ?? 0);
  if (!Number.isFinite(seconds) || !Number.isFinite(nanos)) return undefined;
  return Math.round(seconds * 1000 + nanos / 1e6);
}

function errorDetails(body: unknown): Record<string, unknown>[] {
  const details = record(record(body)?.error)?.details;
  if (!Array.isArray(details)) return [];
  return details.flatMap((detail: unknown): Record<string, unknown>[] => {
    const object = record(detail);
    return object === undefined ? [] : [object];
  });
}

/** Reads Google's error bodies for `callProvider`. */
export const googleErrorReader: ProviderErrorReader = {
  message(body) {
    const error = record(record(body)?.error);
    if (error === undefined || typeof error.message !== "string") return undefined;
    return typeof error.status === "string" ? `${error.status}: ${error.message}` : error.message;
  },
  retryAfterMs(body) {
    const retryInfo = errorDetails(body).find(
      (detail) => typeof detail["@type"] === "string" && detail["@type"].endsWith("google.rpc.RetryInfo"),
    );
    return retryInfo === undefined ? undefined : durationToMs(retryInfo.retryDelay);
  },
};

/**
 * Google answers a wrong API key with 400 INVALID_ARGUMENT and `ErrorInfo.reason` API_KEY_INVALID
 * (captured from the Gemini API in several public bug reports), not with 401/403. Left alone it
 * would read as a bad request; it is a credentials problem and says which setting to fix.
 */
export function reclassifyKeyError(error: unknown, credentialsHint: string): unknown {
  if (!(error instanceof ProviderCallError) || error.status !== 400) return error;
  if (!error.redactedBody?.includes("API_KEY_INVALID")) return error;
  return new ProviderCallError(`${error.message} Check ${credentialsHint}.`, {
    kind: "auth",
    retryable: false,
    delivery: error.delivery,
    status: error.status,
    ...(error.redactedBody === undefined ? {} : { redactedBody: error.redactedBody }),
  });
}

/**
 * An error while building the create body, before anything was sent. A request Veo would refuse
 * is a bad request; anything else (e.g. a prepared image that cannot be read) may pass on a later
 * try. Either way nothing reached Google, so the create may be sent again: left as a plain error,
 * the worker would have to assume an unknown outcome.
 */
export function notSentError(provider: string, error: unknown): ProviderCallError {
  if (error instanceof ProviderCallError) return error;
  if (error instanceof VeoRequestError) {
    return new ProviderCallError(`${provider}: ${error.message}`, {
      kind: "bad_request",
      retryable: false,
      delivery: "not_sent",
    });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new ProviderCallError(`${provider}: could not prepare the request (${detail}).`, {
    kind: "unavailable",
    retryable: true,
    delivery: "not_sent",
  });
}
