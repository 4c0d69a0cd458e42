import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerCallError } from "../../test-support/provider-call-error.ts";
import { callProvider, readProviderJson, type ProviderRequest } from "./call-provider.ts";

const KEY = "sk-test-4f9a8b7c6d5e";

/** A tiny provider: each path answers one way. */
function startProvider(): Promise<Server> {
  const server = createServer((request, response) => {
    const send = (status: number, body: string, headers: Record<string, string> = {}) =>
      response.writeHead(status, { "content-type": "application/json", ...headers }).end(body);
    switch (request.url) {
      case "/ok":
        return send(200, '{"id":"task_1"}');
      case "/not-json":
        return send(200, "<html>hello</html>");
      case "/rate-limited":
        return send(429, '{"error":{"message":"slow down"}}', { "retry-after": "12" });
      case "/google-rate-limited":
        return send(429, '{"error":{"message":"quota","details":[{"retryDelay":"3.5s"}]}}');
      case "/unauthorized":
        return send(401, `{"error":{"message":"bad key ${KEY}"}}`);
      case "/bad-request":
        return send(400, '{"error":{"message":"ratio is invalid"}}');
      case "/moderated":
        return send(400, '{"error":{"message":"prompt refused","code":"moderation"}}');
      case "/server-error":
        return send(500, '{"error":{"message":"internal"}}');
      case "/bare-gateway":
        return send(502, "");
      case "/hang":
        return undefined;
      case "/cut-short":
        // Headers promise 100 bytes; 10 arrive, then the connection goes.
        response.writeHead(200, { "content-type": "application/json", "content-length": "100" });
        response.write('{"id":"ta');
        return setTimeout(() => response.socket?.destroy(), 20);
      default:
        return send(404, '{"error":{"message":"no such task"}}');
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe("callProvider", () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = await startProvider();
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const call = (path: string, overrides: Partial<ProviderRequest> = {}) =>
    callProvider({
      provider: "acme",
      url: `${base}${path}`,
      init: { method: "POST", headers: { authorization: `Bearer ${KEY}` } },
      fetch,
      signal: AbortSignal.timeout(2_000),
      secrets: [KEY],
      errors: {
        message: (body) => (body as { error?: { message?: string } }).error?.message,
        failureCode: (_status, body) =>
          (body as { error?: { code?: string } }).error?.code === "moderation" ? "content_filtered" : undefined,
        retryAfterMs: (body) => {
          const delay = (body as { error?: { details?: Array<{ retryDelay?: string }> } }).error?.details?.[0]
            ?.retryDelay;
          return delay ? Number.parseFloat(delay) * 1000 : undefined;
        },
      },
      credentialsHint: "REELAY_ACME_API_KEY",
      nowMs: Date.now(),
      ...overrides,
    });

  it("returns a 2xx answer and parses its JSON", async () => {
    const response = await call("/ok");
    expect(await readProviderJson(response, "acme", [KEY])).toEqual({ id: "task_1" });
  });

  it("calls a non-JSON success a bad response of unknown outcome", async () => {
    const error = await providerCallError(readProviderJson(await call("/not-json"), "acme", [KEY]));
    expect(error).toMatchObject({ kind: "bad_response", retryable: true, delivery: "unknown" });
  });

  it("calls a body cut short a retryable network error of unknown outcome", async () => {
    const error = await providerCallError(readProviderJson(await call("/cut-short"), "acme", [KEY]));
    expect(error).toMatchObject({ kind: "network", retryable: true, delivery: "unknown", status: 200 });
    expect(error.message).toMatch(/acme's answer broke off/);
  });

  it("reads Retry-After, or the provider's delay in the body, on a 429", async () => {
    expect(await providerCallError(call("/rate-limited"))).toMatchObject({
      kind: "rate_limited",
      retryable: true,
      delivery: "answered",
      retryAfterMs: 12_000,
    });
    expect((await providerCallError(call("/google-rate-limited"))).retryAfterMs).toBe(3_500);
  });

  it("names the setting to fix on refused credentials and never shows the key", async () => {
    const error = await providerCallError(call("/unauthorized"));
    expect(error).toMatchObject({ kind: "auth", retryable: false, delivery: "answered", status: 401 });
    expect(error.message).toContain("Check REELAY_ACME_API_KEY");
    expect(`${error.message}${error.redactedBody}`).not.toContain(KEY);
  });

  it("classifies client and server errors", async () => {
    expect(await providerCallError(call("/bad-request"))).toMatchObject({ kind: "bad_request", retryable: false });
    expect((await providerCallError(call("/bad-request"))).failureCode).toBeUndefined();
    expect(await providerCallError(call("/moderated"))).toMatchObject({
      kind: "bad_request",
      failureCode: "content_filtered",
    });
    expect(await providerCallError(call("/missing"))).toMatchObject({ kind: "not_found", retryable: false });
    expect(await providerCallError(call("/server-error"))).toMatchObject({
      kind: "unavailable",
      retryable: true,
      delivery: "answered",
    });
    expect(await providerCallError(call("/bare-gateway"))).toMatchObject({ kind: "unavailable", delivery: "unknown" });
  });

  it("knows a refused connection was never sent and a timeout may have been", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await providerCallError(call("/ok", { url: `http://127.0.0.1:${port}/ok` }))).toMatchObject({
      kind: "network",
      delivery: "not_sent",
    });
    expect(await providerCallError(call("/hang", { signal: AbortSignal.timeout(200) }))).toMatchObject({
      kind: "timeout",
      delivery: "unknown",
    });
  });
});
