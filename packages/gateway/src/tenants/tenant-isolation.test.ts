import type { JobView } from "@reelay/client";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";
import { createTestApiKey } from "./test-support/test-api-key.ts";

/** A text only tenant B's things carry, so any answer to A that holds it is a leak. */
const MARKER = "beta-secret-lighthouse";

interface Answer {
  status: number;
  text: string;
}

describe("tenant isolation", () => {
  let gateway: TestGateway;
  let alphaToken: string;
  let betaToken: string;
  const beta = { jobId: "", runningJobId: "", uploadId: "" };
  const alphaAnswers: Answer[] = [];

  async function call(token: string | null, method: string, path: string, body?: unknown): Promise<Answer> {
    const response = await fetch(`${gateway.url}${path}`, {
      method,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = { status: response.status, text: await response.text() };
    if (token === alphaToken) alphaAnswers.push(answer);
    return answer;
  }
  const asAlpha = (method: string, path: string, body?: unknown) => call(alphaToken, method, path, body);
  const asBeta = (method: string, path: string, body?: unknown) => call(betaToken, method, path, body);

  beforeAll(async () => {
    gateway = await startTestGateway();
    alphaToken = await createTestApiKey(gateway.dataDir, "alpha");
    betaToken = await createTestApiKey(gateway.dataDir, "beta");
    const png = await sharp({ create: { width: 64, height: 36, channels: 3, background: "#3a6" } })
      .png()
      .toBuffer();
    const upload = await asBeta("POST", "/api/v1/uploads", {
      dataUri: `data:image/png;base64,${png.toString("base64")}`,
    });
    beta.uploadId = (JSON.parse(upload.text) as { id: string }).id;
    for (const kind of ["styles", "categories"]) {
      const item = kind === "styles" ? { promptSuffix: ` ${MARKER}` } : {};
      expect((await asBeta("POST", `/api/v1/${kind}`, { id: `beta-${kind}`, name: MARKER, ...item })).status).toBe(201);
    }
    const body = { model: "local/preview", prompt: `${MARKER} at dusk`, durationSeconds: 2 };
    const preset = { id: "beta-presets", name: MARKER, model: "local/preview", parameters: { durationSeconds: 2 } };
    expect((await asBeta("POST", "/api/v1/presets", preset)).status).toBe(201);
    beta.jobId = (JSON.parse((await asBeta("POST", "/api/v1/jobs", body)).text) as JobView).id;
    await eventually(
      async () =>
        (JSON.parse((await asBeta("GET", `/api/v1/jobs/${beta.jobId}`)).text) as JobView).status === "succeeded"
          ? true
          : undefined,
      30_000,
      "beta's job",
    );
    const long = { ...body, durationSeconds: 8, image: { uploadId: beta.uploadId } };
    beta.runningJobId = (JSON.parse((await asBeta("POST", "/api/v1/jobs", long)).text) as JobView).id;
  });
  afterAll(async () => {
    await gateway?.dispose();
  });

  it("answers 404 to another tenant's ids on every surface, and lists none of them", async () => {
    const { jobId, runningJobId, uploadId } = beta;
    const notFound = [
      ["GET", `/api/v1/jobs/${jobId}`],
      ["GET", `/api/v1/jobs/${jobId}/content`],
      ["GET", `/api/v1/jobs/${jobId}/thumbnail`],
      ["GET", `/api/v1/jobs/${jobId}/events`],
      ["POST", `/api/v1/jobs/${runningJobId}/cancel`],
      ["DELETE", `/api/v1/jobs/${jobId}`],
      ["DELETE", `/api/v1/jobs/${runningJobId}`],
      ["GET", `/api/v1/uploads/${uploadId}`],
      ["DELETE", `/api/v1/uploads/${uploadId}`],
      ["GET", "/api/v1/styles/beta-styles"],
      ["DELETE", "/api/v1/styles/beta-styles"],
      ["GET", "/api/v1/categories/beta-categories"],
      ["DELETE", "/api/v1/categories/beta-categories"],
      ["GET", "/api/v1/presets/beta-presets"],
      ["DELETE", "/api/v1/presets/beta-presets"],
      ["GET", `/v1/videos/${jobId}`],
      ["GET", `/v1/videos/${jobId}/content`],
      ["DELETE", `/v1/videos/${jobId}`],
    ] as const;
    for (const [method, path] of notFound) expect((await asAlpha(method, path)).status, `${method} ${path}`).toBe(404);
    expect((await asAlpha("POST", `/v1/videos/${jobId}/remix`, { prompt: "again" })).status).toBe(404);

    const lists = [
      "/api/v1/jobs",
      `/api/v1/jobs?q=${MARKER}`,
      "/api/v1/styles",
      "/api/v1/categories",
      "/api/v1/presets",
    ];
    for (const path of [...lists, "/v1/videos", "/api/v1/webhooks/deliveries", "/api/v1/usage"]) {
      expect((await asAlpha("GET", path)).status, path).toBe(200);
    }
    // Naming B's upload, preset or style in a create of A's is refused, not run.
    for (const body of [
      { model: "local/preview", prompt: "mine", image: { uploadId } },
      { preset: "beta-presets", prompt: "mine" },
      { model: "local/preview", prompt: "mine", style: "beta-styles" },
    ]) {
      const refused = await asAlpha("POST", "/api/v1/jobs", body);
      expect(refused.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
    }
    const usage = JSON.parse((await asAlpha("GET", "/api/v1/usage")).text) as { periods: unknown[] };
    expect(usage.periods).toEqual([]);
  });

  it("streams none of another tenant's events", async () => {
    const controller = new AbortController();
    const response = await fetch(`${gateway.url}/api/v1/events`, {
      headers: { authorization: `Bearer ${alphaToken}` },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    let text = "";
    const reading = (async () => {
      for (;;) {
        const chunk = await reader?.read().catch(() => undefined);
        if (chunk === undefined || chunk.done) return;
        text += new TextDecoder().decode(chunk.value);
      }
    })();
    // B's work goes on meanwhile: a new job of B's runs while A listens.
    const created = await asBeta("POST", "/api/v1/jobs", {
      model: "local/preview",
      prompt: `${MARKER} again`,
      durationSeconds: 2,
    });
    expect(created.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    controller.abort();
    await reading;
    alphaAnswers.push({ status: 200, text });
  });

  it("leaves everything of the other tenant in place, and leaked nothing of it to the first", async () => {
    for (const path of [
      `/api/v1/jobs/${beta.jobId}`,
      `/api/v1/jobs/${beta.jobId}/content`,
      `/api/v1/jobs/${beta.runningJobId}`,
      `/api/v1/uploads/${beta.uploadId}`,
      "/api/v1/presets/beta-presets",
      "/api/v1/styles/beta-styles",
      "/api/v1/categories/beta-categories",
      `/v1/videos/${beta.jobId}`,
    ]) {
      expect((await asBeta("GET", path)).status, path).toBe(200);
    }
    const runningJob = JSON.parse((await asBeta("GET", `/api/v1/jobs/${beta.runningJobId}`)).text) as JobView;
    expect(runningJob.cancelRequestedAt).toBeNull();
    expect((await asBeta("GET", `/api/v1/jobs?q=${MARKER}`)).text).toContain(beta.jobId);

    expect(alphaAnswers.length).toBeGreaterThan(25);
    for (const answer of alphaAnswers) {
      // A refusal may name the id alpha itself sent; nothing else of beta's may appear anywhere.
      const ids = answer.status < 400 ? [beta.jobId, beta.runningJobId, beta.uploadId] : [];
      for (const secret of [...ids, MARKER, betaToken]) {
        expect(answer.text.includes(secret), `an answer to alpha holds ${secret}: ${answer.text.slice(0, 300)}`).toBe(
          false,
        );
      }
    }
  });

  it("asks for a key on every surface once keys exist", async () => {
    for (const path of [
      "/api/v1/jobs",
      `/api/v1/jobs/${beta.jobId}`,
      `/api/v1/jobs/${beta.jobId}/content`,
      "/api/v1/uploads/x",
      "/api/v1/events",
      "/api/v1/usage",
      "/api/v1/presets",
      "/api/v1/webhooks/deliveries",
      "/v1/videos",
      `/v1/videos/${beta.jobId}`,
    ]) {
      expect((await call(null, "GET", path)).status, path).toBe(401);
      expect((await call("rly_0000000000000000_" + "a".repeat(43), "GET", path)).status, path).toBe(401);
    }
  });
});
