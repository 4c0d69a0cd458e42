import { ProviderCallError } from "../../core/errors.ts";
import type { Failure, ProviderOutput } from "../../core/types.ts";
import type { PollResult } from "../provider.ts";
import type { RunwayTaskResponse } from "./api.ts";

/** Runway asks clients not to expect updates more often than every 5 s. */
export const RUNWAY_POLL_AFTER_MS = 5_000;

/** Moderation failure codes: input and output moderation, and the prompt pre-check. */
function isModeration(code: string): boolean {
  return code.startsWith("SAFETY.") || code === "SAFETY" || code.startsWith("INPUT_PREPROCESSING.SAFETY");
}

/** What to tell users per failure family; Runway advises against showing `failure` alone. */
function failureAdvice(code: string): string {
  if (code.startsWith("SAFETY.OUTPUT")) return " The output was moderated; a changed prompt may pass.";
  if (code.startsWith("INTERNAL.BAD_OUTPUT")) {
    return " Runway's quality check rejected the output, often because of text or graphics in the input image.";
  }
  if (code === "INTERNAL" || code.startsWith("INPUT_PREPROCESSING.INTERNAL") || code.startsWith("THIRD_PARTY")) {
    return " This is usually temporary; trying again may work.";
  }
  return "";
}

function failedResult(task: RunwayTaskResponse): PollResult {
  const code = task.failureCode ?? "";
  const reason = task.failure?.trim() || "no reason given";
  const tag = code === "" ? "" : ` (${code})`;
  let failure: Failure;
  if (isModeration(code)) {
    failure = { code: "content_filtered", message: `Runway's moderation blocked the generation${tag}: ${reason}` };
  } else if (code.startsWith("ASSET.")) {
    // An unusable input image is the caller's to fix, not a provider fault.
    failure = { code: "invalid_input", message: `Runway could not use the input image${tag}: ${reason}` };
  } else {
    failure = {
      code: "provider_error",
      message: `Runway failed the generation${tag}: ${reason}.${failureAdvice(code)}`,
    };
  }
  return { state: "failed", failure };
}

function outputsOf(task: RunwayTaskResponse): ProviderOutput[] {
  return (task.output ?? [])
    .filter((url): url is string => typeof url === "string" && /^https?:\/\//i.test(url))
    .map((url) => ({ kind: "video", source: { type: "url", url }, mediaType: "video/mp4" }));
}

/**
 * Turns a Runway task into a poll result. A status outside Runway's six (and the `CANCELED`
 * spelling one of its pages uses) is thrown as a bad response: guessing could end a paid render.
 */
export function mapRunwayTask(task: RunwayTaskResponse): PollResult {
  switch (task.status.toUpperCase()) {
    case "PENDING":
    case "THROTTLED":
      // THROTTLED: accepted, waiting for a concurrency slot; it is released in submission order.
      return { state: "queued", pollAfterMs: RUNWAY_POLL_AFTER_MS };
    case "RUNNING": {
      const progress = task.progress;
      return {
        state: "running",
        ...(typeof progress === "number" && Number.isFinite(progress)
          ? { progress: Math.min(1, Math.max(0, progress)) }
          : {}),
        pollAfterMs: RUNWAY_POLL_AFTER_MS,
      };
    }
    case "SUCCEEDED": {
      const outputs = outputsOf(task);
      if (outputs.length > 0) return { state: "succeeded", outputs };
      return {
        state: "failed",
        failure: { code: "no_output", message: "Runway reported the task succeeded but returned no video." },
      };
    }
    case "FAILED":
      return failedResult(task);
    case "CANCELLED":
    case "CANCELED":
      return { state: "cancelled" };
    default:
      throw new ProviderCallError(`runway sent a task status Reelay does not know: ${task.status}.`, {
        kind: "bad_response",
        retryable: true,
        delivery: "answered",
        redactedBody: JSON.stringify(task).slice(0, 2_000),
      });
  }
}
