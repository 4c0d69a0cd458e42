import { isApiErrorCode, ReelayApiError } from "./errors.ts";
import { retryAfterMsFromHeaders } from "./retry-policy.ts";
import type { ValidationIssue } from "./wire.ts";

/** Longest excerpt of a non-Reelay error page kept in the message. */
const EXCERPT_LENGTH = 300;

/**
 * Turns a non-2xx answer into a {@link ReelayApiError}. A Reelay error body keeps its code, message
 * and issues; anything else (a proxy's HTML page, an empty body) becomes `http_error` with an excerpt.
 * `what` names the call (`GET /api/v1/jobs/job_1`) for messages that have nothing better to say.
 */
export async function readErrorResponse(response: Response, what: string): Promise<ReelayApiError> {
  const text = await response.text();
  const retryAfterMs = retryAfterMsFromHeaders(response.headers);
  const shouldRetryHeader = response.headers.get("x-should-retry")?.trim().toLowerCase();
  const shouldRetry = shouldRetryHeader === "true" ? true : shouldRetryHeader === "false" ? false : undefined;
  const common = { status: response.status, retryAfterMs, shouldRetry };
  const body = parseErrorBody(text);
  if (body === undefined) {
    const excerpt = text.trim().slice(0, EXCERPT_LENGTH);
    const statusLine = `${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
    return new ReelayApiError({
      ...common,
      code: "http_error",
      message: `${what} answered ${statusLine}${excerpt ? `: ${excerpt}` : "."}`,
    });
  }
  if (!isApiErrorCode(body.code)) {
    return new ReelayApiError({
      ...common,
      code: "http_error",
      serverCode: body.code,
      message: body.message,
      issues: body.issues,
    });
  }
  return new ReelayApiError({ ...common, code: body.code, message: body.message, issues: body.issues });
}

/** The `error` member of a Reelay error body, or undefined when the text is not one. */
function parseErrorBody(text: string): { code: string; message: string; issues: ValidationIssue[] } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || !("error" in parsed)) return undefined;
  const error: unknown = parsed.error;
  if (typeof error !== "object" || error === null) return undefined;
  if (!("code" in error) || typeof error.code !== "string") return undefined;
  if (!("message" in error) || typeof error.message !== "string") return undefined;
  const issues = "issues" in error && Array.isArray(error.issues) ? (error.issues as ValidationIssue[]) : [];
  return { code: error.code, message: error.message, issues };
}
