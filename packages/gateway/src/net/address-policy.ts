import { isIP } from "node:net";

import ipaddr from "ipaddr.js";

/**
 * Decides whether Reelay may open a connection to an IP address. The default is
 * `isPublicAddress`; tests (and trusted setups) inject their own, e.g. one that also allows
 * exactly 127.0.0.1 so a local test server can stand in for "the internet".
 */
export type AddressPolicy = (address: string) => boolean;

/** Plain words for ipaddr.js range names, used in user-facing refusal messages. */
const RANGE_WORDS: Record<string, string> = {
  unspecified: "an unspecified address",
  broadcast: "a broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address",
  loopback: "a loopback address",
  carrierGradeNat: "a carrier-grade NAT address",
  private: "a private address",
  uniqueLocal: "a private (unique local) address",
  reserved: "a reserved or documentation address",
  benchmarking: "a benchmarking address",
  ipv4Mapped: "an IPv4-mapped IPv6 address",
  rfc6145: "an IPv4-translated IPv6 address",
  rfc6052: "a NAT64 address",
  "6to4": "a 6to4 address",
  teredo: "a Teredo address",
};

/**
 * Why `address` is not a public unicast address, as a phrase that fits after "X is" — e.g.
 * "a private address" — or `undefined` when it is public.
 *
 * Range membership comes from ipaddr.js (the IANA special-purpose registries), not from a table
 * of our own: only its `unicast` class is public. Two gaps are closed here by hand:
 * - IPv6 forms that embed an IPv4 address the kernel (or a NAT64/6to4 gateway) will really reach —
 *   `::ffff:10.0.0.1`, `64:ff9b::a00:1`, `2002:a00:1::` — are judged by that IPv4 address, so
 *   `::ffff:127.0.0.1` is refused while the mapped form of a public address is not.
 * - IPv4-compatible addresses (`::10.0.0.1`, deprecated by RFC 4291) fall in ipaddr.js's
 *   `unicast` class; they are refused outright because nothing legitimate uses them.
 */
export function addressRefusal(address: string): string | undefined {
  const parsed = parseAddress(address);
  if (parsed === undefined) return "not a valid IP address";
  if (parsed.kind() === "ipv4") return describeRange((parsed as ipaddr.IPv4).range());

  const ipv6 = parsed as ipaddr.IPv6;
  const embedded = embeddedIpv4(ipv6);
  if (embedded !== undefined) {
    const inner = addressRefusal(embedded);
    if (inner === undefined) return undefined;
    return `${RANGE_WORDS[ipv6.range()] ?? "an IPv6 address"} embedding ${embedded}, which is ${inner}`;
  }
  if (ipv6.parts.slice(0, 6).every((part) => part === 0) && ipv6.range() === "unicast") {
    return "an IPv4-compatible IPv6 address";
  }
  return describeRange(ipv6.range());
}

/** The default policy: public unicast addresses only (see `addressRefusal`). */
export const isPublicAddress: AddressPolicy = (address) => addressRefusal(address) === undefined;

/**
 * Parses strictly: dotted-quad IPv4 only (what DNS and URL parsing produce), and IPv6 in the
 * canonical form WHATWG URL serialisation gives it. The latter matters because ipaddr.js reads
 * the deprecated `::10.0.0.1` (IPv4-compatible) as if it were `::ffff:10.0.0.1` (IPv4-mapped).
 */
function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  try {
    const family = isIP(address);
    if (family === 4) return ipaddr.IPv4.parse(address);
    if (family === 6) return ipaddr.IPv6.parse(new URL(`http://[${address}]/`).hostname.slice(1, -1));
  } catch {
    // Zone ids (fe80::1%eth0) and anything else URL or ipaddr.js reject: not an address we use.
  }
  return undefined;
}

function describeRange(range: string): string | undefined {
  if (range === "unicast") return undefined;
  return RANGE_WORDS[range] ?? `an address in the special-purpose range "${range}"`;
}

/**
 * The IPv4 address a packet to `address` is really delivered to, for the IPv6 forms that embed
 * one with a fixed, well-known layout. Local-use NAT64 prefixes (64:ff9b:1::/48) have a
 * network-specific layout and are not decoded, so they stay refused.
 */
function embeddedIpv4(address: ipaddr.IPv6): string | undefined {
  const parts = address.parts;
  const fromParts = (high: number, low: number): string => [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
  switch (address.range()) {
    case "ipv4Mapped":
      return address.toIPv4Address().toString();
    case "rfc6052":
      // Only the well-known prefix 64:ff9b::/96 keeps the IPv4 address in the last 32 bits.
      return parts.slice(2, 6).every((part) => part === 0) ? fromParts(parts[6] ?? 0, parts[7] ?? 0) : undefined;
    case "6to4":
      return fromParts(parts[1] ?? 0, parts[2] ?? 0);
    default:
      return undefined;
  }
}
