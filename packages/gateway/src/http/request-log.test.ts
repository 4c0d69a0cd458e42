import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../logger.ts";
import { runJobToEnd } from "../test-support/read-events.ts";
import { startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";
import { appendToTestLog } from "../test-support/test-log.ts";

type Line = Record<string, unknown>;

describe("log lines", () => {
  let gateway: TestGateway;
  const lines: Line[] = [];
  beforeAll(async () => {
    const destination = {
      write: (line: string) => {
        lines.push(JSON.parse(line) as Line);
        appendToTestLog("gateway", line);
      },
    };
    gateway = await startTestGateway({}, createLogger("debug", destination));
  });
  afterAll(async () => {
    await gateway?.dispose();
  });

  const requestLines = (requestId: string) =>
    lines.filter((line) => line.requestId === requestId && line.msg?.toString().startsWith("request"));

  it("carry the caller's request id, sent back in X-Request-Id, with method, path, status and tenant", async () => {
    const answer = await fetch(`${gateway.url}/api/v1/jobs/job_missing?cursor=secret-looking`, {
      headers: { "x-request-id": "checkout-42.a" },
    });
    expect(answer.status).toBe(404);
    expect(answer.headers.get("x-request-id")).toBe("checkout-42.a");
    const [line, ...more] = requestLines("checkout-42.a");
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      level: 30,
      service: "reelay",
      method: "GET",
      path: "/api/v1/jobs/job_missing",
      status: 404,
      tenantId: "default",
    });
    expect(line?.durationMs).toEqual(expect.any(Number));
    // The query may carry signatures: it is never logged.
    expect(JSON.stringify(line)).not.toContain("secret-looking");
  });

  it("give a request whose id is not a plain token one of their own", async () => {
    const answer = await fetch(`${gateway.url}/healthz`, { headers: { "x-request-id": "a b<script>" } });
    const requestId = answer.headers.get("x-request-id") ?? "";
    expect(requestId).toMatch(/^req_[0-9a-z]{26}$/);
    expect(requestLines(requestId)).toMatchObject([{ path: "/healthz", status: 200 }]);
    // A route outside the API guard has no tenant.
    expect(requestLines(requestId)[0]).not.toHaveProperty("tenantId");
    expect(JSON.stringify(lines)).not.toContain("<script>");
  });

  it("about a job carry its id, tenant, provider and model", async () => {
    const views = await runJobToEnd(gateway.url, {
      model: "local/preview",
      prompt: "a lantern on the water",
      durationSeconds: 1,
      resolution: "360p",
    });
    const job = views.at(-1);
    expect(job?.status).toBe("succeeded");
    const about = lines.filter((line) => line.jobId === job?.id);
    expect(about.map((line) => line.msg)).toEqual(expect.arrayContaining(["submitted to provider", "job succeeded"]));
    for (const line of about) {
      expect(line).toMatchObject({ jobId: job?.id, tenantId: "default", provider: "local", model: "local/preview" });
    }
  });
});
