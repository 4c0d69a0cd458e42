import { z } from "zod";
import type { Failure, ProviderOutput } from "../../core/types.ts";
import type { PollResult } from "../provider.ts";

/*
 * A Veo long-running operation, shared by both surfaces (shared/providers/google-veo.md §5):
 * `done` absent or false while it runs (no progress, queued and running look alike); when done,
 * either `error` (a google.rpc.Status) or `response` (whose nesting differs per surface).
 */

const operationErrorSchema = z.object({
  code: z.number().optional(),
  message: z.string().optional(),
  status: z.string().optional(),
});

/** The envelope both surfaces share; `response` is read per surface. */
export const veoOperationSchema = z.object({
  name: z.string().min(1),
  done: z.boolean().optional(),
  error: operationErrorSchema.optional(),
  response: z.unknown().optional(),
});

export type VeoOperation = z.infer<typeof veoOperationSchema>;

/** The content-filter fields, under `generateVideoResponse` (Gemini) or `response` (Vertex). */
export const raiFieldsSchema = z.object({
  raiMediaFilteredCount: z.coerce.number().optional(),
  raiMediaFilteredReasons: z.array(z.string()).optional(),
});

export type RaiFields = z.infer<typeof raiFieldsSchema>;

/** google.rpc.Code names, for messages. */
const RPC_CODE_NAMES: Record<number, string> = {
  1: "CANCELLED",
  2: "UNKNOWN",
  3: "INVALID_ARGUMENT",
  4: "DEADLINE_EXCEEDED",
  5: "NOT_FOUND",
  7: "PERMISSION_DENIED",
  8: "RESOURCE_EXHAUSTED",
  9: "FAILED_PRECONDITION",
  13: "INTERNAL",
  14: "UNAVAILABLE",
};

// unverified: the reference says a safety block "can also surface" as an operation error with
// code 3 and a message like "blocked by safety policy"; the wording is not documented.
const SAFETY_WORDING = /\b(safety|blocked|responsible ai|rai)\b/i;

function failureOfError(error: NonNullable<VeoOperation["error"]>): Failure {
  const status = error.status ?? (error.code === undefined ? undefined : RPC_CODE_NAMES[error.code]);
  const detail = error.message?.trim() || "no message";
  const label = status ?? (error.code === undefined ? "an error" : `code ${error.code}`);
  if (error.code === 3 || status === "INVALID_ARGUMENT") {
    return SAFETY_WORDING.test(detail)
      ? { code: "content_filtered", message: `Google blocked the video: ${detail}` }
      : { code: "invalid_input", message: `Google refused the request (${label}): ${detail}` };
  }
  return { code: "provider_error", message: `Google's generation failed (${label}): ${detail}` };
}

/** The answer for an operation that is still running or ended in an error; null once it has a response. */
export function pendingOrFailed(operation: VeoOperation): PollResult | null {
  if (operation.done !== true) return { state: "running" };
  if (operation.error !== undefined) return { state: "failed", failure: failureOfError(operation.error) };
  return null;
}

/**
 * The answer for a finished operation: its videos, or why there are none. A content-filtered
 * generation is a successful operation with zero videos (§5), which Reelay reports as a failure.
 */
export function finishedResult(outputs: ProviderOutput[], rai: RaiFields): PollResult {
  if (outputs.some((output) => output.kind === "video")) return { state: "succeeded", outputs };
  const reasons = (rai.raiMediaFilteredReasons ?? []).filter((reason) => reason.trim() !== "");
  if ((rai.raiMediaFilteredCount ?? 0) > 0 || reasons.length > 0) {
    const why = reasons.length > 0 ? reasons.join(" ") : "no reason given";
    return {
      state: "failed",
      failure: { code: "content_filtered", message: `Google's safety filter blocked the video: ${why}` },
    };
  }
  return {
    state: "failed",
    failure: { code: "no_output", message: "Google finished the operation without a video or a filter reason." },
  };
}
