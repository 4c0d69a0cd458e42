/**
 * Pollo's error answers (shared/providers/pollo.md §8). Pollo wraps errors in the same
 * `{code, message, data}` envelope as successes, sometimes (per clients) with HTTP 200, and its
 * Cloudflare edge answers HTML. HTTP status alone misleads: "Not enough credits" is a 403, as is
 * a model not enabled for the key, and neither is a credentials problem.
 */
import { ProviderCallError, type ProviderCallErrorKind } from "../../core/errors.ts";
import type { ProviderErrorReader } from "../shared/call-provider.ts";
import { redact } from "../shared/redact.ts";
import { isSuccessCode, POLLO_KEY_VARIABLE, polloEnvelopeSchema } from "./api.ts";

/** Rate and concurrency limits (HTTP 429 unverified, so the code decides). */
const RATE_LIMIT_CODE = /^RATE_LIMIT|PARALLEL_TASK_LIMIT|TOO_MANY/i;
/** Codes that name a temporary fault on Pollo's side. unverified: Pollo publishes no code list. */
const TRANSIENT_CODE = /INTERNAL|SERVER|BUSY|TIMEOUT|UNAVAILABLE/i;
/** Cloudflare's challenge and block pages. */
const CLOUDFLARE_PAGE = /<html|<!doctype|just a moment|cloudflare|cf-ray/i;

function issueText(issue: unknown): string | undefined {
  if (typeof issue !== "object" || issue === null) return typeof issue === "string" ? issue : undefined;
  const { path, message } = issue as { path?: unknown; message?: unknown };
  const where = Array.isArray(path) && path.length > 0 ? `${path.join(".")}: ` : "";
  return typeof message === "string" ? `${where}${message}` : undefined;
}

/** A Pollo error envelope, or undefined when `body` is not one (including success envelopes). */
function polloError(body: unknown): { code: string; message: string } | undefined {
  const parsed = polloEnvelopeSchema.safeParse(body);
  if (!parsed.success || parsed.data.code === undefined || isSuccessCode(parsed.data.code)) return undefined;
  const { code, message, data, issues } = parsed.data;
  const dataIssues = (data as { issues?: unknown } | null | undefined)?.issues;
  const listed = [...(Array.isArray(dataIssues) ? dataIssues : []), ...(issues ?? [])]
    .map(issueText)
    .filter((text): text is string => text !== undefined);
  const text = message?.trim() || String(code);
  return { code: String(code), message: listed.length === 0 ? text : `${text} (${listed.join("; ")})` };
}

/** Reads Pollo's error envelopes for `callProvider`, listing validation issues with their fields. */
export const polloErrorReader: ProviderErrorReader = {
  message: (body) => polloError(body)?.message,
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Kind, retryability and advice for a Pollo error answer. */
function classify(
  status: number,
  code: string,
  message: string,
): { kind: ProviderCallErrorKind; retryable: boolean; advice: string } {
  if (status === 429 || RATE_LIMIT_CODE.test(code)) return { kind: "rate_limited", retryable: true, advice: "" };
  // "Not enough credits": retrying cannot help until someone tops up the account.
  if (/credit/i.test(message) || /CREDIT/i.test(code)) {
    return { kind: "unavailable", retryable: false, advice: " Top up the Pollo account's credits." };
  }
  // Clients treat this as "unavailable, not charged"; it is also what Sora 2 is expected to answer now.
  if (/not enabled/i.test(message)) {
    return { kind: "unavailable", retryable: false, advice: " Enable the model for API access on Pollo." };
  }
  if (status === 401 || status === 403 || /UNAUTHORI[SZ]ED|FORBIDDEN|API_KEY/i.test(code)) {
    return { kind: "auth", retryable: false, advice: ` Check ${POLLO_KEY_VARIABLE}.` };
  }
  if (status >= 500 || TRANSIENT_CODE.test(code)) return { kind: "unavailable", retryable: true, advice: "" };
  if (status === 404 || /NOT_FOUND/i.test(code)) return { kind: "not_found", retryable: false, advice: "" };
  return { kind: "bad_request", retryable: false, advice: "" };
}

function cloudflareError(status: number, text: string, secrets: ReadonlyArray<string | undefined>) {
  return new ProviderCallError(
    `pollo's Cloudflare edge blocked the request (HTTP ${status} with an HTML challenge page, not a Pollo answer). ` +
      "This is usually temporary; if it persists, the server's address is being challenged by Cloudflare.",
    // Pollo never saw the request, so nothing was created and sending it later is safe.
    { kind: "unavailable", retryable: true, delivery: "answered", status, redactedBody: redact(text, secrets) },
  );
}

/**
 * The `ProviderCallError` for a Pollo error answer (`text` is the raw body), or undefined when the
 * body is neither a Pollo error envelope nor a Cloudflare page. Every such answer means Pollo (or
 * its edge) refused the call, so nothing was created: `delivery: "answered"`.
 */
export function polloCallError(
  status: number,
  text: string,
  secrets: ReadonlyArray<string | undefined>,
  retryAfterMs?: number,
): ProviderCallError | undefined {
  const body = parseJson(text);
  const error = body === undefined ? undefined : polloError(body);
  if (error === undefined) {
    // Only the 403 challenge: Cloudflare's 5xx pages may hide a request Pollo did receive.
    return status === 403 && CLOUDFLARE_PAGE.test(text) ? cloudflareError(status, text, secrets) : undefined;
  }
  const { kind, retryable, advice } = classify(status, error.code, error.message);
  const what = error.message.replace(/\.\s*$/, "");
  return new ProviderCallError(redact(`pollo answered HTTP ${status} (${error.code}): ${what}.${advice}`, secrets), {
    kind,
    retryable,
    delivery: "answered",
    status,
    redactedBody: redact(text, secrets),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

/**
 * Re-reads an error `callProvider` threw for a non-2xx answer with Pollo's own classification; other
 * errors (network, timeouts, bodies that are not Pollo's) pass through unchanged.
 */
export function reclassifyPolloError(error: unknown, secrets: ReadonlyArray<string | undefined>): unknown {
  if (!(error instanceof ProviderCallError) || error.status === undefined || error.redactedBody === undefined) {
    return error;
  }
  return polloCallError(error.status, error.redactedBody, secrets, error.retryAfterMs) ?? error;
}
