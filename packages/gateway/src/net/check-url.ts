import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

import { addressRefusal, type AddressPolicy } from "./address-policy.ts";
import { displayUrl, UnsafeUrlError } from "./unsafe-url-error.ts";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a hostname to every address it has (like `dns.lookup` with `all: true`). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** The default resolver: the system's (`getaddrinfo`, so /etc/hosts counts), every address. */
export const systemResolver: Resolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

export interface UrlCheck {
  resolve: Resolver;
  isAllowedAddress: AddressPolicy;
  /** Aborts a slow DNS resolution along with the request. */
  signal?: AbortSignal;
}

/**
 * Checks one URL (the first request or a redirect hop) before anything is sent to it, and returns
 * the addresses the connection may use — the caller must connect to one of exactly these (see
 * `createPinnedLookup`), never re-resolve the name.
 *
 * Literal IP hosts are checked as they are; WHATWG URL parsing has already normalised the odd
 * forms (`http://2130706433/`, `http://0x7f.1/`) to dotted quads. For names, every address the
 * resolver returns must pass: an attacker who controls a name can mix a public and a private
 * address and hope the connection picks the private one.
 */
export async function checkUrl(url: URL, check: UrlCheck): Promise<ResolvedAddress[]> {
  const shown = displayUrl(url);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UnsafeUrlError(shown, "scheme", `only http and https URLs are allowed, not ${url.protocol.slice(0, -1)}`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new UnsafeUrlError(shown, "credentials", "URLs with credentials (user:password@) are not allowed");
  }

  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const literalFamily = isIP(host);
  if (literalFamily !== 0) {
    refuseUnlessAllowed(shown, host, host, check.isAllowedAddress);
    return [{ address: host, family: literalFamily === 6 ? 6 : 4 }];
  }

  let addresses: ResolvedAddress[];
  try {
    addresses = await abortable(check.resolve(host), check.signal);
  } catch (error) {
    if (check.signal?.aborted) throw check.signal.reason;
    // Shaped like fetch's own network failures, so callers classify a DNS failure the same way.
    throw new TypeError("fetch failed", { cause: error });
  }
  if (addresses.length === 0) {
    throw new TypeError("fetch failed", { cause: new Error(`${host} did not resolve to any address`) });
  }
  for (const { address } of addresses) refuseUnlessAllowed(shown, host, address, check.isAllowedAddress);
  return addresses;
}

/**
 * The URL a redirect `location` leads to from `from`, refused when following it would lower
 * security: a scheme other than http(s), or a step down from https to http (which would expose
 * the rest of the chain, and any cookies or tokens in it, to the network). Its address is checked
 * afterwards by `checkUrl`, like any other hop.
 */
export function redirectTarget(from: URL, location: string): URL {
  const to = new URL(location, from);
  if (to.protocol !== "http:" && to.protocol !== "https:") {
    throw new UnsafeUrlError(displayUrl(to), "scheme", `${displayUrl(from)} redirected to a non-HTTP URL`);
  }
  if (from.protocol === "https:" && to.protocol === "http:") {
    throw new UnsafeUrlError(displayUrl(to), "downgrade", `${displayUrl(from)} redirected from https to plain http`);
  }
  return to;
}

function refuseUnlessAllowed(shown: string, host: string, address: string, isAllowed: AddressPolicy): void {
  if (isAllowed(address)) return;
  const why = addressRefusal(address) ?? "not an allowed address";
  const detail = host === address ? `${address} is ${why}` : `${host} resolves to ${address}, which is ${why}`;
  throw new UnsafeUrlError(shown, "address", detail);
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
