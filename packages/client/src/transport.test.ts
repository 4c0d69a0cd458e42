import { describe, expect, it } from "vitest";
import { Reelay } from "./client.ts";
import { ReelayApiError } from "./errors.ts";
import { createFakeFetch, errorResponse, jsonResponse, scripted } from "./test-support/fake-fetch.ts";
import { makeJob } from "./test-support/make-job.ts";

const BASE_URL = "http://reelay.test/";

function clientWith(
  handler: Parameters<typeof createFakeFetch>[0],
  options: { timeoutMs?: number; maxRetries?: number } = {},
) {
  const fake = createFakeFetch(handler);
  return { client: new Reelay({ baseUrl: BASE_URL, fetch: fake.fetch, ...options }), calls: fake.calls };
}

async function failure(promise: Promise<unknown>): Promise<ReelayApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ReelayApiError) return error;
    throw error;
  }
  throw new Error("Expected the call to fail");
}

const never = () => new Promise<Response>(() => undefined);

describe("requests", () => {
  it("joins the base URL, sends the bearer token and JSON", async () => {
    const fake = createFakeFetch(scripted(jsonResponse({ valid: true, issues: [] })));
    const client = new Reelay({ baseUrl: "http://reelay.test/prefix//", apiKey: "rk_secret", fetch: fake.fetch });
    await client.validate({ model: "local/preview", prompt: "hi" });
    const call = fake.calls[0];
    expect(call?.url.href).toBe("http://reelay.test/prefix/api/v1/validate");
    expect(call?.headers.get("authorization")).toBe("Bearer rk_secret");
    expect(call?.headers.get("content-type")).toBe("application/json");
    expect(JSON.parse(String(call?.body))).toEqual({ model: "local/preview", prompt: "hi" });
  });

  it("passes list filters as query parameters", async () => {
    const { client, calls } = clientWith(scripted(jsonResponse({ object: "list", data: [], nextCursor: null })));
    await client.jobs.list({ status: "running", limit: 5 });
    expect(calls[0]?.url.search).toBe("?status=running&limit=5");
  });
});

describe("retries", () => {
  it("waits for Retry-After seconds before retrying a 429", async () => {
    const { client, calls } = clientWith(
      scripted(errorResponse(429, "rate_limited", { headers: { "retry-after": "1" } }), jsonResponse(makeJob())),
    );
    const started = performance.now();
    const job = await client.jobs.get("job_1");
    const elapsed = performance.now() - started;
    expect(job.id).toBe("job_1");
    expect(calls).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(5000);
    expect((calls[1]?.atMs ?? 0) - (calls[0]?.atMs ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it("honours retry-after-ms", async () => {
    const { client, calls } = clientWith(
      scripted(
        errorResponse(503, "service_unavailable", { headers: { "retry-after-ms": "300" } }),
        jsonResponse(makeJob()),
      ),
    );
    await client.jobs.get("job_1");
    expect(calls).toHaveLength(2);
    expect((calls[1]?.atMs ?? 0) - (calls[0]?.atMs ?? 0)).toBeGreaterThanOrEqual(290);
  });

  it("throws at once when Retry-After exceeds maxRetryAfterMs", async () => {
    const { client, calls } = clientWith(
      scripted(errorResponse(429, "rate_limited", { headers: { "retry-after": "120" } })),
    );
    const started = performance.now();
    const error = await failure(client.jobs.get("job_1"));
    expect(performance.now() - started).toBeLessThan(500);
    expect(error.code).toBe("rate_limited");
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(120_000);
    expect(calls).toHaveLength(1);
  });

  it("does not retry a 400 and surfaces code and issues", async () => {
    const issues = [{ field: "durationSeconds", code: "unsupported_value", message: "Use 4 or 8.", allowed: [4, 8] }];
    const { client, calls } = clientWith(scripted(errorResponse(400, "invalid_request", { issues, message: "Bad." })));
    const error = await failure(client.jobs.create({ model: "local/preview", prompt: "x" }));
    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({ status: 400, code: "invalid_request", message: "Bad.", issues });
  });

  it("does not retry a 409 marked X-Should-Retry: false", async () => {
    const { client, calls } = clientWith(
      scripted(errorResponse(409, "idempotency_conflict", { headers: { "x-should-retry": "false" } })),
    );
    const error = await failure(client.jobs.create({ model: "local/preview", prompt: "x" }));
    expect(error.code).toBe("idempotency_conflict");
    expect(calls).toHaveLength(1);
  });

  it("retries a 503 and then succeeds", async () => {
    const { client, calls } = clientWith(scripted(errorResponse(503, "service_unavailable"), jsonResponse(makeJob())));
    expect((await client.jobs.get("job_1")).id).toBe("job_1");
    expect(calls).toHaveLength(2);
  });

  it("stops after maxRetries", async () => {
    const unavailable = () => errorResponse(503, "service_unavailable", { headers: { "retry-after-ms": "1" } });
    const { client, calls } = clientWith(() => unavailable());
    expect((await failure(client.jobs.get("job_1"))).code).toBe("service_unavailable");
    expect(calls).toHaveLength(4);

    const limited = clientWith(() => unavailable(), { maxRetries: 1 });
    await failure(limited.client.jobs.get("job_1"));
    expect(limited.calls).toHaveLength(2);

    const perCall = clientWith(() => unavailable());
    await failure(perCall.client.jobs.get("job_1", { maxRetries: 0 }));
    expect(perCall.calls).toHaveLength(1);
  });

  it("retries a fetch that throws as a network error", async () => {
    const { client, calls } = clientWith(
      scripted(() => {
        throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:8787") });
      }, jsonResponse(makeJob())),
    );
    expect((await client.jobs.get("job_1")).id).toBe("job_1");
    expect(calls).toHaveLength(2);

    const down = clientWith(() => Promise.reject(new TypeError("fetch failed")), { maxRetries: 0 });
    const error = await failure(down.client.jobs.get("job_1"));
    expect(error).toMatchObject({ status: 0, code: "network_error" });
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it("maps non-Reelay error pages and unknown codes to http_error", async () => {
    const page = new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" });
    const { client } = clientWith(scripted(page), { maxRetries: 0 });
    const error = await failure(client.jobs.get("job_1"));
    expect(error).toMatchObject({ status: 502, code: "http_error" });
    expect(error.message).toContain("Bad gateway");

    const newer = clientWith(scripted(errorResponse(400, "quota_exceeded", { message: "Out of credits." })));
    const unknown = await failure(newer.client.jobs.get("job_1"));
    expect(unknown).toMatchObject({
      status: 400,
      code: "http_error",
      serverCode: "quota_exceeded",
      message: "Out of credits.",
    });
  });
});

describe("timeouts and aborts", () => {
  it("times out an attempt that gets no answer and retries it", async () => {
    const { client, calls } = clientWith(scripted(never, jsonResponse(makeJob())), { timeoutMs: 100 });
    expect((await client.jobs.get("job_1")).id).toBe("job_1");
    expect(calls).toHaveLength(2);

    const silent = clientWith(never, { timeoutMs: 50, maxRetries: 1 });
    const error = await failure(silent.client.jobs.get("job_1"));
    expect(error).toMatchObject({ status: 0, code: "timeout" });
    expect(silent.calls).toHaveLength(2);
  });

  it("takes a per-call timeout over the client's", async () => {
    const { client } = clientWith(never, { timeoutMs: 60_000, maxRetries: 0 });
    const started = performance.now();
    expect((await failure(client.jobs.get("job_1", { timeoutMs: 50 }))).code).toBe("timeout");
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("ends at once with aborted when the caller aborts a pending call", async () => {
    const { client, calls } = clientWith(never);
    const controller = new AbortController();
    const pending = failure(client.jobs.get("job_1", { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const error = await pending;
    expect(error).toMatchObject({ status: 0, code: "aborted" });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(calls).toHaveLength(1);
  });

  it("ends at once during a retry's wait, with no further call", async () => {
    const { client, calls } = clientWith(() => errorResponse(429, "rate_limited", { headers: { "retry-after": "5" } }));
    const controller = new AbortController();
    const pending = failure(client.jobs.get("job_1", { signal: controller.signal }));
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    expect((await pending).code).toBe("aborted");
    expect(performance.now() - started).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls).toHaveLength(1);
  });

  it("makes no call with a signal that already fired", async () => {
    const { client, calls } = clientWith(() => jsonResponse(makeJob()));
    expect((await failure(client.jobs.get("job_1", { signal: AbortSignal.abort() }))).code).toBe("aborted");
    expect(calls).toHaveLength(0);
  });

  it("does not let the timeout cut a streaming body after the headers arrived", async () => {
    const encoder = new TextEncoder();
    const slowBody = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode("first-"));
        await new Promise((resolve) => setTimeout(resolve, 300));
        controller.enqueue(encoder.encode("second"));
        controller.close();
      },
    });
    const { client } = clientWith(scripted(new Response(slowBody, { headers: { "content-type": "video/mp4" } })), {
      timeoutMs: 100,
    });
    const response = await client.jobs.download("job_1");
    expect(await response.text()).toBe("first-second");
  });
});
