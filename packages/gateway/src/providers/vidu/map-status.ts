import type { Failure, ProviderOutput } from "../../core/types.ts";
import type { PollResult } from "../provider.ts";
import { VIDU_MODERATION_CODES, type ViduStatusResponse } from "./api.ts";

/** Vidu suggests polling every 3–5 s, slowing to ~10 s after the first minute (vidu.md §5). */
export const VIDU_FIRST_POLL_MS = 5_000;
export const VIDU_SLOW_POLL_MS = 10_000;
const SLOW_AFTER_MS = 60_000;

/** What Vidu's reasons mean (its error table, §8), for messages users read. */
const REASON_TEXT: Record<string, string> = {
  CreationPolicyViolation: "the output was blocked by Vidu's content policy",
  AuditSubmitIllegal: "the input failed Vidu's safety review",
  TaskPromptPolicyViolation: "the prompt was blocked by Vidu's content policy",
  CreditInsufficient: "the Vidu account has insufficient credits",
  InternalServiceFailure: "Vidu had an internal failure; trying again may work",
  ModelUnavailable: "the model is unavailable on Vidu",
};

/** How long to wait before the next poll, from the task's age. */
export function viduPollAfterMs(taskAgeMs: number): number {
  return taskAgeMs < SLOW_AFTER_MS ? VIDU_FIRST_POLL_MS : VIDU_SLOW_POLL_MS;
}

const isHttpUrl = (value: string | null | undefined): value is string =>
  typeof value === "string" && /^https?:\/\//i.test(value);

/** The cover's type from its file name (Vidu's covers end `.jpeg`); none when it cannot tell. */
function imageTypeOf(url: string): string | undefined {
  const extension = /\.([a-z]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  if (extension === "jpeg" || extension === "jpg") return "image/jpeg";
  if (extension === "png" || extension === "webp") return `image/${extension}`;
  return undefined;
}

/** The first creation's video and cover. Presigned, public URLs: no headers needed. */
function outputsOf(status: ViduStatusResponse): ProviderOutput[] {
  const creation = (status.creations ?? []).find((entry) => isHttpUrl(entry?.url));
  if (!creation || !isHttpUrl(creation.url)) return [];
  const outputs: ProviderOutput[] = [
    { kind: "video", source: { type: "url", url: creation.url }, mediaType: "video/mp4" },
  ];
  if (isHttpUrl(creation.cover_url)) {
    const mediaType = imageTypeOf(creation.cover_url);
    outputs.push({
      kind: "thumbnail",
      source: { type: "url", url: creation.cover_url },
      ...(mediaType === undefined ? {} : { mediaType }),
    });
  }
  return outputs;
}

function failedResult(errCode: string): PollResult {
  // unverified: that a cancelled task reads `failed` + `UserCancelled`.
  if (errCode === "UserCancelled") return { state: "cancelled" };
  const meaning = REASON_TEXT[errCode];
  let failure: Failure;
  if (VIDU_MODERATION_CODES.has(errCode)) {
    failure = { code: "content_filtered", message: `Vidu blocked the generation (${errCode}): ${meaning}.` };
  } else {
    const detail = errCode === "" ? "no reason given" : meaning === undefined ? errCode : `${errCode}: ${meaning}`;
    failure = { code: "provider_error", message: `Vidu failed the generation (${detail}).` };
  }
  return { state: "failed", failure };
}

/**
 * Turns a `/tasks/{id}/creations` answer into a poll result. Vidu has internal states outside the
 * five documented ones (`scheduled`, `preparation`, …): any other non-terminal value is running.
 */
export function mapViduStatus(status: ViduStatusResponse, taskAgeMs: number): PollResult {
  const pollAfterMs = viduPollAfterMs(taskAgeMs);
  switch (status.state.toLowerCase()) {
    case "created":
    case "queueing":
      return { state: "queued", pollAfterMs };
    case "success": {
      const outputs = outputsOf(status);
      if (outputs.length > 0) return { state: "succeeded", outputs };
      return {
        state: "failed",
        failure: { code: "no_output", message: "Vidu reported the task succeeded but returned no video." },
      };
    }
    case "failed":
      return failedResult(status.err_code ?? "");
    case "canceled":
    case "cancelled":
      return { state: "cancelled" };
    default:
      // `processing`, and internal states; no progress is reported.
      return { state: "running", pollAfterMs };
  }
}
