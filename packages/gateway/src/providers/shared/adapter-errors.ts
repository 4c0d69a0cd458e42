import { ProviderCallError } from "../../core/errors.ts";
import type { PollResult } from "../provider.ts";

/** A request refused before anything was sent: the adapter cannot make the call as asked. */
export function refusedBeforeSending(message: string, kind: "auth" | "bad_request" = "bad_request"): ProviderCallError {
  return new ProviderCallError(message, { kind, retryable: false, delivery: "not_sent" });
}

/** The provider has no key configured; the message names the variable to set. */
export function missingKeyError(provider: string, variable: string): ProviderCallError {
  return refusedBeforeSending(`${provider} has no API key: set ${variable}.`, "auth");
}

/** The answer for a stored task this adapter cannot read (written by another version, or damaged). */
export function foreignTask(what: string): PollResult {
  return { state: "failed", failure: { code: "provider_error", message: `The stored task is not ${what}.` } };
}
