import { Agent, fetch as undiciFetch } from "undici";

import { isPublicAddress, type AddressPolicy } from "./address-policy.ts";
import { checkUrl, redirectTarget, systemResolver, type ResolvedAddress, type Resolver } from "./check-url.ts";
import { createPinnedLookup } from "./pinned-lookup.ts";
import { displayUrl, UnsafeUrlError } from "./unsafe-url-error.ts";

export { addressRefusal, isPublicAddress, type AddressPolicy } from "./address-policy.ts";
export { checkUrl, redirectTarget, type ResolvedAddress, type Resolver } from "./check-url.ts";
export { createPinnedLookup } from "./pinned-lookup.ts";
export { BodyTooLargeError, readBodyCapped } from "./read-body-capped.ts";
export { UnsafeUrlError, type UnsafeUrlReason } from "./unsafe-url-error.ts";

export interface SafeFetchOptions {
  /** Allow every address, private ones included. Tests and trusted setups only. */
  allowPrivateAddresses?: boolean;
  /**
   * Which addresses may be connected to; wins over `allowPrivateAddresses`. Default:
   * `isPublicAddress`. Tests use it to allow exactly 127.0.0.1 and still refuse 10.0.0.1.
   */
  isAllowedAddress?: AddressPolicy;
  /** Injectable DNS; default `dns.lookup(hostname, { all: true })`. */
  resolve?: Resolver;
  /** Redirects followed before giving up; default 5. */
  maxRedirects?: number;
  /** Deadline for the whole call — DNS, every redirect hop and reading the body; default 30 s. */
  timeoutMs?: number;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that describe a request body; dropped with the body when a redirect turns into GET. */
const BODY_HEADERS = ["content-encoding", "content-language", "content-location", "content-type", "content-length"];

/**
 * A `fetch` for URLs Reelay did not make itself (user image URLs, provider output URLs), safe
 * against SSRF (DESIGN.md §5.8). Inject it wherever `fetch` is injected. Per request:
 *
 * - only http(s) URLs without credentials; the host is resolved and refused if any of its
 *   addresses is not allowed (default: not public unicast) — `UnsafeUrlError`, before any
 *   connection is made;
 * - the socket connects to the address that was checked, never to a fresh DNS answer
 *   (`createPinnedLookup`), so DNS rebinding cannot slip a private address in after the check;
 * - redirects are followed here, not by undici, so every hop is checked the same way; https→http
 *   is refused, and the caller's headers (API keys!) are dropped from the first hop that leaves
 *   the original origin on. `redirect: "manual"` and `"error"` behave as in `fetch`;
 * - one deadline covers everything up to the last byte of the body, combined with `init.signal`.
 *
 * Responses are undici's, which implement the same Fetch API as the global `Response` (but are
 * not `instanceof` it). Size caps are the caller's: stream the body, or use `readBodyCapped`.
 */
export function createSafeFetch(options: SafeFetchOptions = {}): typeof fetch {
  const resolve = options.resolve ?? systemResolver;
  const isAllowedAddress = options.isAllowedAddress ?? (options.allowPrivateAddresses ? () => true : isPublicAddress);
  const maxRedirects = options.maxRedirects ?? 5;
  const timeoutMs = options.timeoutMs ?? 30_000;

  return async function safeFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const request = await describeRequest(input, init);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    let { url, method, headers, body } = request;

    for (let redirects = 0; ; redirects++) {
      const addresses = await checkUrl(url, { resolve, isAllowedAddress, signal });
      const response = await fetchPinned(url, addresses, { ...init, method, headers, body, signal });
      const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get("location") : null;
      if (location === null || request.redirect === "manual") return response;

      await response.body?.cancel().catch(() => undefined);
      if (request.redirect === "error") {
        throw new TypeError("fetch failed", { cause: new Error(`${displayUrl(url)} redirected (redirect: "error")`) });
      }
      const next = redirectTarget(url, location);
      if (redirects >= maxRedirects) {
        throw new UnsafeUrlError(displayUrl(next), "too_many_redirects", `more than ${maxRedirects} redirects`);
      }
      if (next.origin !== url.origin) headers = new Headers();
      if (
        ((response.status === 301 || response.status === 302) && method === "POST") ||
        (response.status === 303 && method !== "GET" && method !== "HEAD")
      ) {
        method = "GET";
        body = null;
        for (const name of BODY_HEADERS) headers.delete(name);
      } else if (body instanceof ReadableStream) {
        // A stream was consumed by the first hop and cannot be sent again (fetch fails the same way).
        throw new TypeError("fetch failed", {
          cause: new Error("cannot follow a 307/308 redirect with a stream body"),
        });
      }
      url = next;
    }
  };
}

interface RequestParts {
  url: URL;
  method: string;
  headers: Headers;
  body: BodyInit | null;
  signal: AbortSignal | null;
  redirect: RequestRedirect;
}

/** Flattens `fetch`'s (input, init) pair, `init` winning over a `Request` input like in `fetch`. */
async function describeRequest(input: string | URL | Request, init: RequestInit): Promise<RequestParts> {
  const base = input instanceof Request ? input : undefined;
  const url = new URL(input instanceof Request ? input.url : input);
  const baseBody = base?.body ? await base.arrayBuffer() : null;
  return {
    url,
    method: (init.method ?? base?.method ?? "GET").toUpperCase(),
    headers: new Headers(init.headers ?? base?.headers),
    body: init.body !== undefined ? init.body : baseBody,
    signal: init.signal ?? base?.signal ?? null,
    redirect: init.redirect ?? base?.redirect ?? "follow",
  };
}

/**
 * One request over a connection pinned to the checked addresses. Each hop gets its own undici
 * `Agent` whose connector uses `createPinnedLookup` (undici passes `connect` options through to
 * `net.connect`/`tls.connect`; TLS keeps the URL's hostname as SNI and for the certificate check).
 * A per-hop Agent gives up keep-alive reuse across calls, which is cheap for one-off downloads and
 * means no pooled socket can outlive its check. `close()` is graceful: it waits for the body to be
 * read or cancelled, then closes the socket.
 */
async function fetchPinned(url: URL, addresses: ResolvedAddress[], init: RequestInit): Promise<Response> {
  const agent = new Agent({ connect: { lookup: createPinnedLookup(url.hostname, addresses) } });
  try {
    const response = await undiciFetch(url, {
      ...(init as Parameters<typeof undiciFetch>[1]),
      headers: [...(init.headers as Headers)],
      redirect: "manual",
      dispatcher: agent,
    });
    agent.close().catch(() => undefined);
    return response as unknown as Response;
  } catch (error) {
    agent.destroy().catch(() => undefined);
    throw error;
  }
}
