import { isIP, type LookupFunction } from "node:net";

type Undici = typeof import("undici");

/**
 * A safety net for tests of the safe fetch: this machine's network is watched, so no test may
 * send anything off-machine — not even a DNS query — however the code under test regresses.
 * Tests replace undici with `guardUndici(original)` via `vi.mock`:
 * - its `fetch` refuses hosts other than loopback literals and the names the tests' stub
 *   resolvers map to loopback, before a socket is opened;
 * - its `Agent` refuses to connect unless the safe fetch supplied a lookup (so a broken pinning
 *   fails instead of falling back to system DNS) and that lookup answered with loopback only.
 */
export const LOOPBACK_TEST_HOSTS = new Set(["localhost", "public.test", "other.test"]);

export class NetworkGuardError extends Error {
  override readonly name = "NetworkGuardError";
}

const isLoopback = (address: string): boolean => address.startsWith("127.");

export function guardUndici(undici: Undici): Undici {
  const guardedFetch: Undici["fetch"] = async (input, init) => {
    const host = new URL(String(input instanceof undici.Request ? input.url : input)).hostname;
    const literal = isIP(host.replace(/^\[|\]$/g, "")) !== 0;
    if (literal ? !isLoopback(host) : !LOOPBACK_TEST_HOSTS.has(host)) {
      throw new NetworkGuardError(`test network guard: a connection to ${host} was attempted`);
    }
    return undici.fetch(input, init);
  };

  class GuardedAgent extends undici.Agent {
    constructor(options: ConstructorParameters<Undici["Agent"]>[0] = {}) {
      const connect = options.connect;
      if (typeof connect === "function") throw new NetworkGuardError("test network guard: custom connector");
      const inner = (connect as { lookup?: LookupFunction } | undefined)?.lookup;
      super({ ...options, connect: { ...connect, lookup: guardLookup(inner) } });
    }
  }

  return { ...undici, fetch: guardedFetch, Agent: GuardedAgent };
}

function guardLookup(inner: LookupFunction | undefined): LookupFunction {
  return (hostname, options, callback) => {
    if (inner === undefined) {
      callback(new NetworkGuardError(`test network guard: unpinned DNS lookup of ${hostname}`), "", 0);
      return;
    }
    inner(hostname, options, (error, address, family) => {
      const addresses = typeof address === "string" ? [address] : address.map((entry) => entry.address);
      if (error === null && !addresses.every(isLoopback)) {
        callback(new NetworkGuardError(`test network guard: ${hostname} was pinned to ${addresses.join(", ")}`), "", 0);
        return;
      }
      callback(error, address, family);
    });
  };
}
