import { ProviderCallError } from "../../core/errors.ts";
import type { KeyCheck } from "../provider.ts";

/**
 * Runs an adapter's key probe (one cheap authenticated call that resolves to what it showed) and
 * turns its outcome into a `KeyCheck`: a credentials refusal (`kind: "auth"`) is `refused` with the
 * provider's message; any other failed call is `unreachable`, because it says nothing about the key.
 * `callProvider` has already removed the key from every message. Errors that are not provider call
 * errors are bugs and are thrown.
 */
export async function checkKeyWith(probe: () => Promise<string>): Promise<KeyCheck> {
  try {
    return { outcome: "accepted", detail: await probe() };
  } catch (error) {
    if (!(error instanceof ProviderCallError)) throw error;
    return error.kind === "auth"
      ? { outcome: "refused", message: error.message }
      : { outcome: "unreachable", message: error.message };
  }
}

/**
 * Whether `error` is an answer with one of `statuses`: for probes that ask about something that
 * does not exist, where such an answer (with the provider's own error body, which the caller
 * checks) means the credentials got past authentication.
 */
export function isAnsweredWith(error: unknown, statuses: readonly number[]): error is ProviderCallError {
  return (
    error instanceof ProviderCallError &&
    error.delivery === "answered" &&
    error.status !== undefined &&
    statuses.includes(error.status)
  );
}
