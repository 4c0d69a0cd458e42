import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { createSafeFetch, isPublicAddress, UnsafeUrlError, type ResolvedAddress } from "./safe-fetch.ts";
import { startTestServer, type TestServer } from "./test-support/test-server.ts";

// No test may reach the network beyond loopback, even if the code under test regresses.
vi.mock("undici", async (importOriginal) => {
  const { guardUndici } = await import("./test-support/network-guard.ts");
  return guardUndici(await importOriginal<typeof import("undici")>());
});

/** A resolver that answers from a table and records what it was asked. */
function stubResolver(table: Record<string, string[]>) {
  return vi.fn(async (hostname: string): Promise<ResolvedAddress[]> => {
    const addresses = table[hostname];
    if (addresses === undefined) throw new Error(`stub resolver: no entry for ${hostname}`);
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  });
}

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("expected the fetch to be refused"),
    (error: unknown) => error,
  );
}

describe("refusals, before anything is sent", () => {
  const resolve = stubResolver({
    "evil.test": ["192.168.1.5"],
    "mixed.test": ["93.184.216.34", "10.0.0.7"],
    "example.com": ["93.184.216.34"],
  });
  const safeFetch = createSafeFetch({ resolve });

  it.each([
    ["http://127.0.0.1/", "address", "Refusing to fetch http://127.0.0.1/: 127.0.0.1 is a loopback address"],
    ["http://[::1]/", "address", "Refusing to fetch http://[::1]/: ::1 is a loopback address"],
    ["http://10.0.0.1/", "address", "Refusing to fetch http://10.0.0.1/: 10.0.0.1 is a private address"],
    [
      "http://169.254.169.254/latest/meta-data",
      "address",
      "Refusing to fetch http://169.254.169.254/latest/meta-data: 169.254.169.254 is a link-local address",
    ],
    [
      "http://[::ffff:127.0.0.1]/",
      "address",
      // WHATWG URL serialises the host as [::ffff:7f00:1]; the message names the embedded address.
      "Refusing to fetch http://[::ffff:7f00:1]/: ::ffff:7f00:1 is an IPv4-mapped IPv6 address embedding 127.0.0.1, which is a loopback address",
    ],
    ["http://0.0.0.0/", "address", "Refusing to fetch http://0.0.0.0/: 0.0.0.0 is an unspecified address"],
    // The decimal form is normalised by URL parsing to 127.0.0.1 and checked as such.
    ["http://2130706433/", "address", "Refusing to fetch http://127.0.0.1/: 127.0.0.1 is a loopback address"],
    ["http://0x7f.1/", "address", "Refusing to fetch http://127.0.0.1/: 127.0.0.1 is a loopback address"],
    [
      "ftp://example.com/x",
      "scheme",
      "Refusing to fetch ftp://example.com/x: only http and https URLs are allowed, not ftp",
    ],
    [
      "http://user:pw@example.com/",
      "credentials",
      "Refusing to fetch http://example.com/: URLs with credentials (user:password@) are not allowed",
    ],
    [
      "http://evil.test/",
      "address",
      "Refusing to fetch http://evil.test/: evil.test resolves to 192.168.1.5, which is a private address",
    ],
    [
      "http://mixed.test/a?token=secret",
      "address",
      "Refusing to fetch http://mixed.test/a: mixed.test resolves to 10.0.0.7, which is a private address",
    ],
  ])("refuses %s", async (url, reason, message) => {
    const error = await rejection(safeFetch(url));
    expect(error).toBeInstanceOf(UnsafeUrlError);
    expect(error).toMatchObject({ reason, message });
  });

  it("does not resolve literal IPs, bad schemes or URLs with credentials", async () => {
    resolve.mockClear();
    for (const url of ["http://10.0.0.1/", "http://[::1]/", "ftp://example.com/x", "http://user:pw@example.com/"]) {
      await rejection(safeFetch(url));
    }
    expect(resolve).not.toHaveBeenCalled();
  });

  it("lets a public hostname through up to the point of connecting", async () => {
    const publicResolve = stubResolver({ "public-internet.test": ["93.184.216.34"] });
    const error = await rejection(
      createSafeFetch({ resolve: publicResolve })("https://public-internet.test/image.png"),
    );
    // The network guard stands where the socket would be opened: the URL passed every check.
    expect(error).toMatchObject({ name: "NetworkGuardError" });
    expect(publicResolve).toHaveBeenCalledExactlyOnceWith("public-internet.test");
  });
});

describe("fetching", () => {
  let server: TestServer;
  /** Same port as `pinned`, but on 127.0.0.1: where an unpinned connection to localhost would go. */
  let decoy: TestServer;
  let pinned: TestServer;

  beforeAll(async () => {
    server = await startTestServer((request, response) => {
      response.writeHead(200, { "content-type": "text/plain" }).end(`hello ${request.headers.host}`);
    });
    pinned = await startTestServer((_request, response) => response.end("pinned"), "127.0.0.2");
    decoy = await startTestServer((_request, response) => response.end("decoy"), "127.0.0.1", pinned.port);
  });
  afterAll(async () => {
    await Promise.all([server.close(), pinned.close(), decoy.close()]);
  });

  it("fetches from a private address only when allowPrivateAddresses is set", async () => {
    const resolve = stubResolver({ "public.test": ["127.0.0.1"] });
    const url = `http://public.test:${server.port}/`;
    const response = await createSafeFetch({ resolve, allowPrivateAddresses: true })(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(`hello public.test:${server.port}`);

    await expect(createSafeFetch({ resolve })(url)).rejects.toThrow(
      "public.test resolves to 127.0.0.1, which is a loopback address",
    );
  });

  it("connects to exactly the checked address, never re-resolving the name", async () => {
    // The system resolves localhost to 127.0.0.1 (the decoy); the checked address is 127.0.0.2.
    // A rebinding resolver would hand out the decoy on any second lookup.
    const answers = ["127.0.0.2", "127.0.0.1"];
    const resolve = vi.fn(async (): Promise<ResolvedAddress[]> => [
      { address: answers.shift() ?? "127.0.0.1", family: 4 },
    ]);
    const safeFetch = createSafeFetch({ resolve, isAllowedAddress: (address) => address === "127.0.0.2" });

    const response = await safeFetch(`http://localhost:${pinned.port}/`);
    expect(await response.text()).toBe("pinned");
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(decoy.requests).toHaveLength(0);
    expect(pinned.requests[0]?.headers.host).toBe(`localhost:${pinned.port}`);
  });

  it("keeps the hostname for TLS (SNI) while connecting to the checked address", async () => {
    const { createServer } = await import("node:tls");
    const serverNames: string[] = [];
    // No certificate: the handshake fails after the client has sent its SNI, which is all we need.
    const tlsServer = createServer({
      SNICallback: (name, callback) => (serverNames.push(name), callback(new Error("no cert"))),
    });
    tlsServer.on("tlsClientError", () => undefined);
    await new Promise<void>((resolve) => tlsServer.listen(0, "127.0.0.2", resolve));
    const { port } = tlsServer.address() as { port: number };
    const resolve = stubResolver({ localhost: ["127.0.0.2"] });
    try {
      const safeFetch = createSafeFetch({ resolve, isAllowedAddress: (address) => address === "127.0.0.2" });
      await expect(safeFetch(`https://localhost:${port}/`)).rejects.toThrow("fetch failed");
      expect(serverNames).toEqual(["localhost"]);
    } finally {
      await new Promise((closed) => tlsServer.close(closed));
    }
  });
});

describe("redirects", () => {
  let server: TestServer;
  let base: string;
  // Tests stand in 127.0.0.1 for "the internet": allowed exactly, every other private address not.
  const isAllowedAddress = (address: string): boolean => address === "127.0.0.1" || isPublicAddress(address);
  const resolve = stubResolver({
    "public.test": ["127.0.0.1"],
    "other.test": ["127.0.0.1"],
    "evil.test": ["192.168.1.5"],
  });
  const safeFetch = (url: string, init?: RequestInit, maxRedirects = 5) =>
    createSafeFetch({ resolve, isAllowedAddress, maxRedirects })(url, init);

  beforeAll(async () => {
    server = await startTestServer((request, response) => {
      const url = request.url ?? "/";
      const chain = /^\/chain\/(\d+)$/.exec(url);
      const location: Record<string, string> = {
        "/to-private": "http://10.0.0.1/",
        "/to-evil": "http://evil.test/",
        "/to-ftp": "ftp://public.test/x",
        "/same-origin": "/echo",
        "/cross-origin": `http://other.test:${server.port}/echo`,
        "/see-other": "/echo",
      };
      if (chain !== null && chain[1] !== "0") response.writeHead(302, { location: `/chain/${Number(chain[1]) - 1}` });
      else if (location[url] !== undefined)
        response.writeHead(url === "/see-other" ? 303 : 302, { location: location[url] });
      else response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ method: request.method, headers: request.headers }));
    });
    base = `http://public.test:${server.port}`;
  });
  afterAll(() => server.close());

  it("checks every hop: a redirect to a private address is refused", async () => {
    const before = server.requests.length;
    await expect(safeFetch(`${base}/to-private`)).rejects.toThrow(
      new UnsafeUrlError("http://10.0.0.1/", "address", "10.0.0.1 is a private address"),
    );
    await expect(safeFetch(`${base}/to-evil`)).rejects.toThrow(
      "Refusing to fetch http://evil.test/: evil.test resolves to 192.168.1.5, which is a private address",
    );
    await expect(safeFetch(`${base}/to-ftp`)).rejects.toMatchObject({ reason: "scheme" });
    expect(server.requests.slice(before).map((request) => request.url)).toEqual(["/to-private", "/to-evil", "/to-ftp"]);
  });

  it("follows at most maxRedirects redirects", async () => {
    const ok = await safeFetch(`${base}/chain/3`, undefined, 3);
    expect(ok.status).toBe(200);
    expect(ok.url).toBe(`${base}/chain/0`);

    const before = server.requests.length;
    const error = await rejection(safeFetch(`${base}/chain/4`, undefined, 3));
    expect(error).toMatchObject({
      reason: "too_many_redirects",
      message: `Refusing to fetch ${base}/chain/0: more than 3 redirects`,
    });
    expect(server.requests.length - before).toBe(4);
  });

  it("drops the caller's headers when a redirect leaves the origin", async () => {
    const headers = { authorization: "Bearer provider-key", "x-api-key": "k" };
    const same = (await (await safeFetch(`${base}/same-origin`, { headers })).json()) as {
      headers: Record<string, string>;
    };
    expect(same.headers).toMatchObject(headers);

    const cross = await safeFetch(`${base}/cross-origin`, { headers });
    const seen = (await cross.json()) as { headers: Record<string, string> };
    expect(seen.headers.host).toBe(`other.test:${server.port}`);
    expect(seen.headers).not.toHaveProperty("authorization");
    expect(seen.headers).not.toHaveProperty("x-api-key");
  });

  it("turns a POST into a GET on 303, as fetch does", async () => {
    const response = await safeFetch(`${base}/see-other`, {
      method: "POST",
      body: "x",
      headers: { "content-type": "text/plain" },
    });
    const seen = (await response.json()) as { method: string; headers: Record<string, string> };
    expect(seen.method).toBe("GET");
    expect(seen.headers).not.toHaveProperty("content-type");
  });

  it('returns the redirect itself with redirect: "manual"', async () => {
    const response = await safeFetch(`${base}/to-private`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("http://10.0.0.1/");
  });
});

describe("timeouts", () => {
  let server: TestServer;
  let base: string;
  const resolve = stubResolver({ "public.test": ["127.0.0.1"] });
  const safeFetch = (url: string, init?: RequestInit) =>
    createSafeFetch({ resolve, allowPrivateAddresses: true, timeoutMs: 300 })(url, init);

  beforeAll(async () => {
    server = await startTestServer((request, response) => {
      if (request.url === "/slow-body") response.writeHead(200).write("first part, then nothing");
      // "/stall": never answers.
    });
    base = `http://public.test:${server.port}`;
  });
  afterAll(() => server.close());

  it("times out a request that gets no answer", async () => {
    await expect(safeFetch(`${base}/stall`)).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("times out while reading a body that stalls", async () => {
    const response = await safeFetch(`${base}/slow-body`);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("also obeys the caller's signal", async () => {
    const controller = new AbortController();
    const pending = safeFetch(`${base}/stall`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });
});
