import type { FailureCode } from "../../core/types.ts";
/**
 * PixVerse's `{ErrCode, ErrMsg, Resp}` envelope. Business errors come with HTTP 200, so
 * `callProvider` passes them through as successes; this is where they become `ProviderCallError`s.
 * An envelope error is PixVerse's own answer: nothing was created (`delivery: "answered"`).
 */
import type { z } from "zod";
import { ProviderCallError, type ProviderCallErrorKind } from "../../core/errors.ts";
import { readProviderJson } from "../shared/call-provider.ts";
import { parseProviderResponse } from "../shared/parse-response.ts";
import { redact } from "../shared/redact.ts";
import { retryAfterMs } from "../../core/retry-after.ts";
import { PIXVERSE_KEY_VARIABLE, pixverseEnvelopeSchema } from "./api.ts";

const PROVIDER = "pixverse";

/** `ErrCode`s with a known meaning (pixverse.md §8). Most come from third parties. */
export const PIXVERSE_ERROR_CODES = {
  emptyParameter: 400011, // unverified
  invalidAccount: 400012, // unverified
  invalidParam: 400017,
  concurrencyLimit: 500044, // unverified
  moderatedPrompt: 500054, // unverified
  moderatedInput: 500063, // unverified
  // unverified: no source names PixVerse's insufficient-balance code; the fake uses this one and
  // the adapter also recognises the message.
  insufficientBalance: 500090,
} as const;

interface Classified {
  kind: ProviderCallErrorKind;
  retryable: boolean;
  hint: string;
  /** The job failure this answer means, where the code says more than the kind. */
  failureCode?: FailureCode;
}

const AUTH_MESSAGE = /api[-_ ]?key|unauthori[sz]ed|forbidden|invalid account|permission/i;
const BALANCE_MESSAGE = /insufficient|balance|credit/i;
const RATE_MESSAGE = /concurren|too many|rate limit|frequen|busy/i;

/** How an `ErrCode` reads: PixVerse's client code treats 10001–10005 as authentication errors. */
export function classifyPixverseError(code: number, message: string): Classified {
  const auth = (code >= 10001 && code <= 10005) || code === PIXVERSE_ERROR_CODES.invalidAccount;
  if (auth || AUTH_MESSAGE.test(message)) {
    return { kind: "auth", retryable: false, hint: ` Check ${PIXVERSE_KEY_VARIABLE}.` };
  }
  if (code === PIXVERSE_ERROR_CODES.insufficientBalance || BALANCE_MESSAGE.test(message)) {
    // Retrying cannot help until someone tops the account up; `unavailable` makes the job a
    // provider_error (not the caller's invalid input) with PixVerse's message.
    return { kind: "unavailable", retryable: false, hint: " Top up the PixVerse account." };
  }
  if (code === PIXVERSE_ERROR_CODES.concurrencyLimit || RATE_MESSAGE.test(message)) {
    return { kind: "rate_limited", retryable: true, hint: "" };
  }
  if (code === PIXVERSE_ERROR_CODES.moderatedPrompt || code === PIXVERSE_ERROR_CODES.moderatedInput) {
    return {
      kind: "bad_request",
      retryable: false,
      hint: " PixVerse's moderation refused the prompt or image.",
      failureCode: "content_filtered",
    };
  }
  // 400xxx are parameter errors; other unknown codes are treated as PixVerse-side trouble, which a
  // retry (with the same trace id, so never a second generation) may get past.
  if (code < 500000) return { kind: "bad_request", retryable: false, hint: "" };
  return { kind: "unavailable", retryable: true, hint: "" };
}

/** The error for an envelope with `ErrCode ≠ 0`, PixVerse's message kept. */
export function pixverseEnvelopeError(
  envelope: { ErrCode: number; ErrMsg?: string | null | undefined },
  options: {
    status: number;
    headers: Headers;
    nowMs: number;
    body: string;
    secrets: ReadonlyArray<string | undefined>;
  },
): ProviderCallError {
  const message = envelope.ErrMsg?.trim() || "no message";
  const { kind, retryable, hint, failureCode } = classifyPixverseError(envelope.ErrCode, message);
  const waitMs = kind === "rate_limited" ? retryAfterMs(options.headers, options.nowMs) : undefined;
  const text = `${PROVIDER} answered ErrCode ${envelope.ErrCode}: ${message.replace(/\.\s*$/, "")}.${hint}`;
  return new ProviderCallError(redact(text, options.secrets), {
    kind,
    retryable,
    delivery: "answered",
    status: options.status,
    redactedBody: redact(options.body, options.secrets),
    ...(waitMs === undefined ? {} : { retryAfterMs: waitMs }),
    ...(failureCode === undefined ? {} : { failureCode }),
  });
}

/** Reads a successful HTTP answer: the envelope must say `ErrCode 0` and `Resp` must fit `schema`. */
export async function readPixverseResp<T>(
  response: Response,
  schema: z.ZodType<T>,
  secrets: ReadonlyArray<string | undefined>,
  nowMs: number,
): Promise<T> {
  const body = await readProviderJson(response, PROVIDER, secrets);
  const envelope = parseProviderResponse(pixverseEnvelopeSchema, body, PROVIDER, secrets);
  if (envelope.ErrCode !== 0) {
    throw pixverseEnvelopeError(envelope, {
      status: response.status,
      headers: response.headers,
      nowMs,
      body: JSON.stringify(body),
      secrets,
    });
  }
  return parseProviderResponse(schema, envelope.Resp, PROVIDER, secrets);
}
