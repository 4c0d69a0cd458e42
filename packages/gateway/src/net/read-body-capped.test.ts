import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { BodyTooLargeError, readBodyCapped } from "./read-body-capped.ts";
import { createSafeFetch } from "./safe-fetch.ts";
import { startTestServer, type TestServer } from "./test-support/test-server.ts";

// No test may reach the network beyond loopback, even if the code under test regresses.
vi.mock("undici", async (importOriginal) => {
  const { guardUndici } = await import("./test-support/network-guard.ts");
  return guardUndici(await importOriginal<typeof import("undici")>());
});

const KIB = Buffer.alloc(1024, 7);

describe("readBodyCapped", () => {
  let server: TestServer;
  let base: string;
  /** Bytes the endless route managed to write before its client went away. */
  let endlessWritten = 0;
  const safeFetch = createSafeFetch({
    resolve: async () => [{ address: "127.0.0.1", family: 4 }],
    allowPrivateAddresses: true,
    // A reader that fails to stop would otherwise hang until the default 30 s.
    timeoutMs: 5_000,
  });

  beforeAll(async () => {
    server = await startTestServer((request, response) => {
      if (request.url === "/small") {
        response.writeHead(200, { "content-length": 3 }).end("abc");
      } else if (request.url === "/endless") {
        // Chunked, no Content-Length, never ends: only a reader that stops can finish.
        response.writeHead(200);
        const timer = setInterval(() => {
          response.write(KIB);
          endlessWritten += KIB.length;
        }, 1);
        response.on("close", () => clearInterval(timer));
      } else if (request.url === "/declared-huge") {
        // Declares 100 MB but sends 1 KiB and then stalls: must be refused on the header alone.
        response.writeHead(200, { "content-length": 100_000_000 });
        response.write(KIB);
      } else if (request.url === "/understated") {
        response.writeHead(200, { "transfer-encoding": "chunked" });
        response.end(Buffer.alloc(10_000));
      }
    });
    base = `http://public.test:${server.port}`;
  });
  afterAll(() => server.close());

  it("returns a body within the cap", async () => {
    const body = await readBodyCapped(await safeFetch(`${base}/small`), 3);
    expect(body.toString()).toBe("abc");
  });

  it("stops reading a chunked body without Content-Length as soon as it passes the cap", async () => {
    const response = await safeFetch(`${base}/endless`);
    expect(response.headers.get("content-length")).toBeNull();
    await expect(readBodyCapped(response, 64 * 1024)).rejects.toThrow(new BodyTooLargeError(64 * 1024));
    await vi.waitFor(() => expect(server.requests.length).toBeGreaterThan(0));
    const writtenAtStop = endlessWritten;
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The connection was closed, so the server stopped writing (allowing for buffers in flight).
    expect(endlessWritten - writtenAtStop).toBeLessThan(64 * 1024);
  });

  it("refuses a body whose Content-Length is over the cap before reading it", async () => {
    const response = await safeFetch(`${base}/declared-huge`);
    await expect(readBodyCapped(response, 1024 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it("caps a body that turns out bigger than the cap", async () => {
    const error = await readBodyCapped(await safeFetch(`${base}/understated`), 9_999).catch(
      (failure: unknown) => failure,
    );
    expect(error).toMatchObject({ name: "BodyTooLargeError", maxBytes: 9_999 });
    expect(error).toHaveProperty("message", "The response is larger than the limit of 9999 bytes.");
  });

  it("works on a response without a body", async () => {
    expect(await readBodyCapped(new Response(null), 0)).toEqual(Buffer.alloc(0));
  });
});
