import type { LookupFunction } from "node:net";

import type { ResolvedAddress } from "./check-url.ts";

/**
 * A `lookup` for `net.connect`/`tls.connect` that never asks DNS: it answers with the addresses
 * `checkUrl` already vetted for `hostname`, and refuses any other name.
 *
 * This is what defeats DNS rebinding. Checking a name and then letting the socket resolve it
 * again leaves a window in which the name's owner can switch it to 127.0.0.1 or 169.254.169.254
 * (a zero TTL is enough). With this lookup the socket connects to exactly the checked address,
 * while the URL — and therefore the Host header, TLS SNI and certificate check — keeps the
 * hostname. Node skips `lookup` for literal IP hosts; those connect to the literal, which is
 * what was checked.
 *
 * Node calls it with `all: true` when it races IPv4 and IPv6 (autoSelectFamily, the default in
 * Node 20) and without it otherwise; both shapes are answered.
 */
export function createPinnedLookup(hostname: string, addresses: readonly ResolvedAddress[]): LookupFunction {
  const pinnedName = normaliseHost(hostname);
  return (requested, options, callback) => {
    if (normaliseHost(requested) !== pinnedName) {
      callback(lookupError(requested, `only ${hostname} may be looked up on this connection`), "", 0);
      return;
    }
    // Older callers pass the family as a bare number instead of an options object.
    const opts: { family?: unknown; all?: boolean } =
      typeof options === "number" ? { family: options } : ((options as typeof options | undefined) ?? {});
    const family =
      opts.family === 4 || opts.family === "IPv4" ? 4 : opts.family === 6 || opts.family === "IPv6" ? 6 : 0;
    const usable = addresses.filter((entry) => family === 0 || entry.family === family);
    const first = usable[0];
    if (first === undefined) {
      callback(lookupError(requested, `no checked IPv${family} address`), "", 0);
      return;
    }
    if (opts.all === true) {
      callback(
        null,
        usable.map(({ address, family: addressFamily }) => ({ address, family: addressFamily })),
      );
    } else {
      callback(null, first.address, first.family);
    }
  };
}

function normaliseHost(hostname: string): string {
  const bare = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
  return bare.toLowerCase().replace(/\.$/, "");
}

function lookupError(hostname: string, message: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`Pinned lookup of ${hostname} failed: ${message}`);
  error.code = "ENOTFOUND";
  return error;
}
