import { ProviderCallError, type CallDelivery, type ProviderCallErrorKind } from "../../core/errors.ts";
import type { FailureCode } from "../../core/types.ts";
import { redact } from "./redact.ts";
import { retryAfterMs } from "../../core/retry-after.ts";

/** How one provider's error answers read; every adapter supplies its own. */
export interface ProviderErrorReader {
  /** The provider's own error message in a parsed error body, if the body is one of its errors. */
  message(body: unknown): string | undefined;
  /** A retry delay the provider put in the body (Google's `RetryInfo`), in milliseconds. */
  retryAfterMs?(body: unknown): number | undefined;
  /**
   * The failure an error answer means for the job, where its body says more than its status
   * (a prompt refused by moderation at create, an account out of credits).
   */
  failureCode?(status: number, body: unknown): FailureCode | undefined;
}

export interface ProviderRequest {
  /** Provider name for messages, e.g. `runway`. */
  provider: string;
  url: string;
  init: RequestInit;
  fetch: typeof fetch;
  signal: AbortSignal;
  /** Keys and tokens this call carries: removed from anything kept or shown. */
  secrets: ReadonlyArray<string | undefined>;
  errors: ProviderErrorReader;
  /** Names the setting to fix when the provider refuses the credentials (e.g. `REELAY_RUNWAY_API_KEY`). */
  credentialsHint: string;
  nowMs: number;
}

/** Network failures where the request certainly never reached the provider. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

function causeCode(error: unknown): string | undefined {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function kindOfStatus(status: number): { kind: ProviderCallErrorKind; retryable: boolean } {
  if (status === 429) return { kind: "rate_limited", retryable: true };
  if (status === 401 || status === 403) return { kind: "auth", retryable: false };
  if (status === 404) return { kind: "not_found", retryable: false };
  if (status === 408) return { kind: "timeout", retryable: true };
  if (status >= 500) return { kind: "unavailable", retryable: true };
  return { kind: "bad_request", retryable: false };
}

/**
 * Sends one request to a provider. A 2xx response is returned; anything else is thrown as a
 * `ProviderCallError` that says whether the provider may have acted on it (DESIGN.md §5.1): a
 * refused connection was never sent; an answer with the provider's own error body means nothing
 * was created; a timeout, a reset or a bare 502/504 leaves the outcome unknown.
 */
export async function callProvider(request: ProviderRequest): Promise<Response> {
  const { provider, secrets } = request;
  let response: Response;
  try {
    response = await request.fetch(request.url, { ...request.init, signal: request.signal });
  } catch (error) {
    const code = causeCode(error);
    const timedOut = request.signal.aborted || code === "UND_ERR_HEADERS_TIMEOUT";
    const delivery: CallDelivery = !timedOut && code !== undefined && NOT_SENT_CODES.has(code) ? "not_sent" : "unknown";
    const detail = redact(
      error instanceof Error ? `${error.message}${code ? ` (${code})` : ""}` : String(error),
      secrets,
    );
    throw new ProviderCallError(`${provider} could not be reached: ${detail}`, {
      kind: timedOut ? "timeout" : "network",
      retryable: true,
      delivery,
    });
  }
  if (response.ok) return response;

  const text = await response.text().catch(() => "");
  const body = parseJson(text);
  const providerMessage = body === undefined ? undefined : request.errors.message(body);
  const { kind, retryable } = kindOfStatus(response.status);
  // A gateway error without the provider's own error body may come from a proxy in front of a
  // provider that did receive the request.
  const answered = providerMessage !== undefined || ![502, 504].includes(response.status);
  const waitMs =
    retryAfterMs(response.headers, request.nowMs) ??
    (body === undefined ? undefined : request.errors.retryAfterMs?.(body));
  const what = (providerMessage ?? (text.trim() === "" ? response.statusText || "no details" : text)).replace(
    /\.\s*$/,
    "",
  );
  const hint = kind === "auth" ? ` Check ${request.credentialsHint}.` : "";
  const failureCode = body === undefined ? undefined : request.errors.failureCode?.(response.status, body);
  throw new ProviderCallError(redact(`${provider} answered HTTP ${response.status}: ${what}.${hint}`, secrets), {
    kind,
    retryable,
    delivery: answered ? "answered" : "unknown",
    status: response.status,
    redactedBody: redact(text, secrets),
    ...(waitMs === undefined ? {} : { retryAfterMs: waitMs }),
    ...(failureCode === undefined ? {} : { failureCode }),
  });
}

/**
 * Reads a successful provider answer's body. A connection that breaks while the body arrives is a
 * retryable `network` error of unknown outcome: the provider answered, so it may have acted.
 */
export async function readProviderText(
  response: Response,
  provider: string,
  secrets: ReadonlyArray<string | undefined>,
): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    const code = causeCode(error);
    const detail = error instanceof Error ? `${error.message}${code ? ` (${code})` : ""}` : String(error);
    throw new ProviderCallError(redact(`${provider}'s answer broke off: ${detail}`, secrets), {
      kind: "network",
      retryable: true,
      delivery: "unknown",
      status: response.status,
    });
  }
}

/** Parses a successful provider answer; a body that is not JSON is a `bad_response`. */
export async function readProviderJson(
  response: Response,
  provider: string,
  secrets: ReadonlyArray<string | undefined>,
): Promise<unknown> {
  const text = await readProviderText(response, provider, secrets);
  const body = parseJson(text);
  if (body === undefined) {
    throw new ProviderCallError(`${provider} sent a response that is not JSON.`, {
      kind: "bad_response",
      retryable: true,
      delivery: "unknown",
      status: response.status,
      redactedBody: redact(text, secrets),
    });
  }
  return body;
}
