import { rm } from "node:fs/promises";
import { Reelay, ReelayApiError } from "@reelay/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";
import { createTestApiKey } from "../tenants/test-support/test-api-key.ts";

/*
 * Who may read what: `/metrics` is open only on a loopback server without a token, needs the token
 * once one is set, and is closed on a public address without one; a job's timeline is its tenant's
 * alone, another tenant's job answering exactly as one that does not exist.
 */

const METRICS_TOKEN = "metrics-token-0123456789abcdef";

interface ErrorAnswer {
  status: number;
  code: string;
  message: string;
  authenticate: string | null;
}

async function scrape(url: string, authorization?: string): Promise<ErrorAnswer | { status: 200; text: string }> {
  const response = await fetch(`${url}/metrics`, authorization === undefined ? {} : { headers: { authorization } });
  if (response.status === 200) return { status: 200, text: await response.text() };
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, ...body.error, authenticate: response.headers.get("www-authenticate") };
}

/** A gateway listening on every address: it needs a key, made before it starts. */
async function startPublicGateway(environment: Record<string, string>) {
  const keyed = await startTestGateway();
  const tokens = {
    alpha: await createTestApiKey(keyed.dataDir, "alpha"),
    beta: await createTestApiKey(keyed.dataDir, "beta"),
  };
  await keyed.close();
  const gateway = await startTestGateway({ REELAY_HOST: "0.0.0.0", REELAY_DATA_DIR: keyed.dataDir, ...environment });
  return {
    gateway,
    tokens,
    url: gateway.url.replace("0.0.0.0", "127.0.0.1"),
    async dispose() {
      await gateway.dispose();
      await rm(keyed.dataDir, { recursive: true, force: true });
    },
  };
}

describe("/metrics access", () => {
  let guarded: TestGateway;
  beforeAll(async () => {
    guarded = await startTestGateway({ REELAY_METRICS_TOKEN: METRICS_TOKEN });
  });
  afterAll(async () => {
    await guarded?.dispose();
  });

  it("asks for the token once REELAY_METRICS_TOKEN is set, saying where it comes from", async () => {
    const missing = await scrape(guarded.url);
    expect(missing).toMatchObject({ status: 401, code: "unauthorized", authenticate: 'Bearer realm="reelay-metrics"' });
    expect(missing).toHaveProperty("message", expect.stringContaining("REELAY_METRICS_TOKEN"));
    for (const wrong of [
      `Bearer ${METRICS_TOKEN.slice(0, -1)}x`,
      `Bearer ${METRICS_TOKEN}extra`,
      "Bearer short",
      `Basic ${Buffer.from(`reelay:${METRICS_TOKEN}`).toString("base64")}`,
    ]) {
      expect(await scrape(guarded.url, wrong), wrong).toMatchObject({ status: 401, code: "unauthorized" });
    }
    const allowed = await scrape(guarded.url, `Bearer ${METRICS_TOKEN}`);
    expect(allowed.status).toBe(200);
    expect(allowed).toHaveProperty("text", expect.stringContaining("# TYPE reelay_jobs gauge"));
  });

  it("is closed on a public address without a token, to API keys too, and opens with one", async () => {
    const open = await startPublicGateway({});
    try {
      const refused = await scrape(open.url);
      expect(refused).toMatchObject({ status: 403, code: "forbidden" });
      expect(refused).toHaveProperty("message", expect.stringContaining("set REELAY_METRICS_TOKEN"));
      expect(await scrape(open.url, `Bearer ${open.tokens.alpha}`)).toMatchObject({ status: 403 });
    } finally {
      await open.dispose();
    }
    const tokened = await startPublicGateway({ REELAY_METRICS_TOKEN: METRICS_TOKEN });
    try {
      expect(await scrape(tokened.url, `Bearer ${tokened.tokens.alpha}`)).toMatchObject({ status: 401 });
      expect((await scrape(tokened.url, `Bearer ${METRICS_TOKEN}`)).status).toBe(200);
    } finally {
      await tokened.dispose();
    }
  }, 60_000);
});

describe("timeline access", () => {
  let server: Awaited<ReturnType<typeof startPublicGateway>>;
  beforeAll(async () => {
    server = await startPublicGateway({});
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it("is declared in the OpenAPI document with its answer's schema", async () => {
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, { get?: { responses: Record<string, unknown> } }>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(document.paths["/api/v1/jobs/{id}/timeline"]?.get?.responses ?? {})).toEqual([
      "200",
      "400",
      "404",
    ]);
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(["JobTimeline", "TimelineEntry", "TimelineProviderCall"]),
    );
  });

  it("shows a job's timeline to its tenant only: to another it is a job that does not exist", async () => {
    const alpha = new Reelay({ baseUrl: server.url, apiKey: server.tokens.alpha });
    const { id } = await alpha.jobs.create({
      model: "local/preview",
      prompt: "a paper boat on a pond",
      durationSeconds: 1,
      resolution: "360p",
    });
    const timeline = await eventually(
      async () => {
        const read = await alpha.jobs.timeline(id);
        return read.entries.some((entry) => entry.step === "status_changed" && entry.details.to === "succeeded")
          ? read
          : undefined;
      },
      30_000,
      "the local job's end on its timeline",
    );
    expect(timeline.jobId).toBe(id);
    expect(timeline.entries.map((entry) => entry.step)).toEqual(
      expect.arrayContaining(["accepted", "submitted", "rendered", "downloaded", "thumbnailed"]),
    );

    const read = async (token: string | null, jobId: string) => {
      const response = await fetch(`${server.url}/api/v1/jobs/${jobId}/timeline`, {
        headers: token === null ? {} : { authorization: `Bearer ${token}` },
      });
      return { status: response.status, body: await response.text() };
    };
    const absent = `${id.slice(0, -6)}000000`;
    const asBeta = await read(server.tokens.beta, id);
    const nothing = await read(server.tokens.beta, absent);
    expect(asBeta.status).toBe(404);
    expect(asBeta.body.replaceAll(id, "<id>")).toBe(nothing.body.replaceAll(absent, "<id>"));
    expect(asBeta.body).not.toContain("submitted");
    expect((await read(null, id)).status).toBe(401);
    const beta = new Reelay({ baseUrl: server.url, apiKey: server.tokens.beta });
    await expect(beta.jobs.timeline(id)).rejects.toSatisfy(
      (error) => error instanceof ReelayApiError && error.code === "job_not_found",
    );
  }, 60_000);
});
