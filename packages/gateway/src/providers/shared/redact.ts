/** Longest provider body kept in an error, after redaction. */
const MAX_BODY_CHARS = 2_000;

/**
 * Removes every secret (API keys, tokens) from text that may reach a log or an error, and caps
 * its length. Provider error bodies sometimes echo the request, headers included.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let result = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4) result = result.split(secret).join("[redacted]");
  }
  return result.length > MAX_BODY_CHARS ? `${result.slice(0, MAX_BODY_CHARS)}…` : result;
}
