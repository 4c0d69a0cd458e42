import type { FakeProvider } from "../providers/shared/fake-server.ts";

/** A `fetch` that hands every request to a provider fake in-process (no sockets), for adapters under test. */
export function inProcessFetch(fake: FakeProvider): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) =>
    fake.app.fetch(new Request(input, init))) as typeof fetch;
}
