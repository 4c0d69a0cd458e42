import { OutputDownloadError, type ProviderCallError } from "../core/errors.ts";
import type { ModelSpec } from "../core/model-spec.ts";
import type { Failure, FailureCode } from "../core/types.ts";

/*
 * What the outcome of a provider call means for a job: the failure it records, and when to look
 * again. Pure, so the rules are easy to read and test apart from the step that applies them.
 */

/** A failure whose upstream outcome is unknown (DESIGN.md §5.1). */
export function submissionUnknown(provider: string, detail: string): Failure {
  return {
    code: "submission_unknown",
    message:
      `The create request to ${provider} may or may not have started a generation (${detail}). ` +
      `Reelay does not send it again because that could bill twice: check the provider's dashboard before retrying.`,
  };
}

export function failureFromCallError(error: ProviderCallError, provider: string): Failure {
  if (error.failureCode !== undefined) return { code: error.failureCode, message: error.message };
  if (error.kind === "bad_request") {
    return { code: "invalid_input", message: `${provider} rejected the request: ${error.message}` };
  }
  if (error.kind === "auth") {
    return { code: "provider_error", message: `${provider} rejected Reelay's credentials: ${error.message}` };
  }
  return { code: "provider_error", message: `${provider} call failed: ${error.message}` };
}

export function downloadFailureCode(error: unknown): FailureCode {
  if (!(error instanceof OutputDownloadError)) return "download_failed";
  if (error.reason === "expired") return "output_expired";
  return error.reason === "no_output" ? "no_output" : "download_failed";
}

/** Poll cadence when the provider gives none: about a tenth of the typical render, 1–10 s. */
export function defaultPollMs(spec: ModelSpec): number {
  return Math.min(10_000, Math.max(1_000, spec.typicalRenderSeconds * 100));
}
