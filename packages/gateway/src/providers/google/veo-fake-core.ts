import { randomBytes } from "node:crypto";
import { DEFAULT_FAKE_TIMING, fakePhase, type FakeOptions } from "../shared/fake-server.ts";
import { DEFAULT_RETIRED_MODELS, fakeVeoModels, type FakeSurface, type FakeVeoModel } from "./veo-fake-models.ts";
import type { AcceptedVeoRequest } from "./veo-fake-validate.ts";

/** Settings both Veo fakes take besides the common ones. */
export interface VeoFakeOptions extends FakeOptions {
  /** Model ids answered with 404; defaults to the reference's retired ids for the surface. */
  retiredModels?: string[];
  /** Creates allowed per rolling minute before 429 RESOURCE_EXHAUSTED; unlimited by default. */
  createsPerMinute?: number;
}

/** A prompt containing this ends done with zero videos and `raiMediaFilteredCount: 1`. */
export const FILTERED_PROMPT_MARKER = "blocked-content";

/** The reason the fakes give for a filtered video (wording ours, shape from the reference §5). */
export const FAKE_RAI_REASON =
  "Video generation was blocked by a safety filter because the prompt may violate the usage guidelines. Support codes: 62263041";

const STATUS_NAMES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
};

/** Google's error envelope, `{error:{code,message,status,details?}}` (§8). */
export function googleError(status: number, message: string, details?: unknown[]): Response {
  const error = { code: status, message, status: STATUS_NAMES[status] ?? "UNKNOWN", ...(details ? { details } : {}) };
  return Response.json({ error }, { status });
}

/** A protobuf Duration as JSON, the way Google writes `retryDelay` ("34.4s"). */
export function formatDuration(milliseconds: number): string {
  return `${Number((milliseconds / 1000).toFixed(3))}s`;
}

/**
 * A per-minute create quota. Over it, 429 with the delay in `RetryInfo.retryDelay` and no
 * `Retry-After` header, as Google answers (§8, a captured Gemini API body).
 */
export function createQuota(createsPerMinute: number | undefined, now: () => number): () => Response | null {
  const recent: number[] = [];
  return () => {
    if (createsPerMinute === undefined) return null;
    const nowMs = now();
    while (recent.length > 0 && nowMs - (recent[0] ?? 0) >= 60_000) recent.shift();
    if (recent.length < createsPerMinute) {
      recent.push(nowMs);
      return null;
    }
    const waitMs = 60_000 - (nowMs - (recent[0] ?? nowMs));
    return googleError(429, "You exceeded your current quota, please check your plan.", [
      {
        "@type": "type.googleapis.com/google.rpc.QuotaFailure",
        violations: [{ quotaId: "GenerateRequestsPerMinutePerProjectPerModel" }],
      },
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: formatDuration(waitMs) },
    ]);
  };
}

/** Lowercase letters and digits, like Gemini operation and file ids (§4). */
export function lowercaseId(length: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join("");
}

/** One operation a fake keeps. */
export interface FakeVeoOperation {
  name: string;
  modelId: string;
  createdAtMs: number;
  request: AcceptedVeoRequest;
}

/** How an operation stands: Veo reports no progress and cannot tell queued from running. */
export function operationPhase(
  operation: FakeVeoOperation,
  nowMs: number,
  options: FakeOptions,
): "queued" | "running" | "done" {
  return fakePhase(operation.createdAtMs, nowMs, options.timing ?? DEFAULT_FAKE_TIMING).phase;
}

/** When the operation finished (or will). */
export function doneAtMs(operation: FakeVeoOperation, options: FakeOptions): number {
  const timing = options.timing ?? DEFAULT_FAKE_TIMING;
  return operation.createdAtMs + timing.queuedMs + timing.renderMs;
}

export function isFiltered(operation: FakeVeoOperation): boolean {
  return operation.request.prompt.includes(FILTERED_PROMPT_MARKER);
}

/** A model the surface serves, or why not. */
export function lookUpModel(
  surface: FakeSurface,
  modelId: string,
  retiredModels: string[] | undefined,
): { model: FakeVeoModel } | { missing: "retired" | "unknown" } {
  const model = fakeVeoModels(surface)[modelId];
  if (model === undefined) return { missing: "unknown" };
  if ((retiredModels ?? DEFAULT_RETIRED_MODELS[surface]).includes(modelId)) return { missing: "retired" };
  return { model };
}

/** The request body as JSON, or null when it is not JSON. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
