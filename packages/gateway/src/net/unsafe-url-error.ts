/** What a refused URL did wrong; lets callers map refusals to their own error codes. */
export type UnsafeUrlReason = "scheme" | "credentials" | "address" | "downgrade" | "too_many_redirects";

/**
 * Thrown by the safe fetch before any connection is made to a URL it will not fetch. The message
 * is meant for users ("Refusing to fetch http://10.0.0.1/x: 10.0.0.1 is a private address") and
 * never contains the URL's credentials, query or fragment, which may hold secrets (signed URLs).
 */
export class UnsafeUrlError extends Error {
  override readonly name = "UnsafeUrlError";

  constructor(
    /** The refused URL without credentials, query or fragment. */
    readonly url: string,
    readonly reason: UnsafeUrlReason,
    detail: string,
  ) {
    super(`Refusing to fetch ${url}: ${detail}`);
  }
}

/** A URL as it may be shown to users and written to logs: no credentials, query or fragment. */
export function displayUrl(url: URL): string {
  const shown = new URL(url);
  shown.username = "";
  shown.password = "";
  shown.search = "";
  shown.hash = "";
  return shown.href;
}
