import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobView } from "@reelay/client";
import { expectBuiltCli, runReelay } from "./cli/test-support/run-reelay.ts";
import { createLogger } from "./logger.ts";
import { probeVideo } from "./media/probe-video.ts";
import { makeTestImage } from "./media/test-support/make-test-image.ts";
import { FAKES, type FakeProviderId } from "./provider-registry.ts";
import { PIXVERSE_FAKE_BASE_PATH } from "./providers/pixverse/fake.ts";
import { serveFake, type FakeProvider, type ServedFake } from "./providers/shared/fake-server.ts";
import { startTestGateway, type TestGateway } from "./test-support/start-test-gateway.ts";
import { appendToTestLog } from "./test-support/test-log.ts";

const OUTPUT_TTL_MS = 1_500;

/** A distinct, recognisable key per provider: none may ever show up in a log or an answer. */
const KEYS: Record<FakeProviderId, string> = {
  google: "AIzaSy-test-google-key-8d7c6b5a",
  "google-vertex": "ya29.test-vertex-token-1a2b3c4d",
  runway: "key_test_runway_9f8e7d6c5b4a",
  openai: "sk-test-openai-0a1b2c3d4e5f",
  pollo: "pollo-test-key-5e6f7a8b9c",
  pixverse: "pixverse-test-key-1f2e3d4c",
  vidu: "vidu-test-key-6a7b8c9d0e",
};

/** How `reelay serve` reaches each fake. */
function environmentFor(id: FakeProviderId, url: string): Record<string, string> {
  switch (id) {
    case "google":
      return { REELAY_GOOGLE_BASE_URL: `${url}/v1beta`, REELAY_GOOGLE_API_KEY: KEYS.google };
    case "google-vertex":
      return {
        REELAY_GOOGLE_VERTEX_BASE_URL: `${url}/v1`,
        REELAY_GOOGLE_VERTEX_ACCESS_TOKEN: KEYS["google-vertex"],
        REELAY_GOOGLE_VERTEX_PROJECT: "reelay-test",
        REELAY_GOOGLE_VERTEX_LOCATION: "us-central1",
      };
    case "runway":
      return { REELAY_RUNWAY_BASE_URL: url, REELAY_RUNWAY_API_KEY: KEYS.runway };
    case "openai":
      return { REELAY_OPENAI_BASE_URL: `${url}/v1`, REELAY_OPENAI_API_KEY: KEYS.openai };
    case "pollo":
      return { REELAY_POLLO_BASE_URL: url, REELAY_POLLO_API_KEY: KEYS.pollo };
    case "pixverse":
      return { REELAY_PIXVERSE_BASE_URL: `${url}${PIXVERSE_FAKE_BASE_PATH}`, REELAY_PIXVERSE_API_KEY: KEYS.pixverse };
    case "vidu":
      return { REELAY_VIDU_BASE_URL: `${url}/ent/v2`, REELAY_VIDU_API_KEY: KEYS.vidu };
  }
}

const CASES: Array<{ provider: FakeProviderId; model: string; image: boolean }> = [
  { provider: "google", model: "google/veo-2.0-generate-001", image: false },
  { provider: "google", model: "google/veo-2.0-generate-001", image: true },
  { provider: "google-vertex", model: "google-vertex/veo-3.1-fast-generate-001", image: false },
  { provider: "google-vertex", model: "google-vertex/veo-3.1-fast-generate-001", image: true },
  { provider: "runway", model: "runway/gen4.5", image: false },
  { provider: "runway", model: "runway/gen4_turbo", image: true },
  { provider: "openai", model: "openai/sora-2", image: false },
  { provider: "openai", model: "openai/sora-2", image: true },
  { provider: "pollo", model: "pollo/google/veo3-fast", image: false },
  { provider: "pollo", model: "pollo/google/veo3-fast", image: true },
  { provider: "pixverse", model: "pixverse/v4.5", image: false },
  { provider: "pixverse", model: "pixverse/v4.5", image: true },
  { provider: "vidu", model: "vidu/vidu1.5", image: false },
  { provider: "vidu", model: "vidu/viduq1", image: true },
];

describe("every remote provider end to end through its fake", () => {
  const fakes = new Map<FakeProviderId, { fake: FakeProvider; served: ServedFake }>();
  const logLines: string[] = [];
  let gateway: TestGateway;
  const fakeOf = (id: FakeProviderId): FakeProvider => {
    const entry = fakes.get(id);
    if (entry === undefined) throw new Error(`no ${id} fake`);
    return entry.fake;
  };

  beforeAll(async () => {
    expectBuiltCli();
    let environment: Record<string, string> = {
      REELAY_ALLOW_PRIVATE_URLS: "true",
      REELAY_PROVIDER_TIMEOUT_SECONDS: "2",
    };
    for (const id of Object.keys(FAKES) as FakeProviderId[]) {
      const fake = FAKES[id]({
        apiKey: KEYS[id],
        timing: { queuedMs: 100, renderMs: 400 },
        outputTtlMs: OUTPUT_TTL_MS,
      });
      const served = await serveFake(fake.app);
      fakes.set(id, { fake, served });
      environment = { ...environment, ...environmentFor(id, served.url) };
    }
    const destination = {
      write: (line: string) => {
        logLines.push(line);
        appendToTestLog("gateway", line);
      },
    };
    gateway = await startTestGateway(environment, createLogger("debug", destination));
    await writeFile(
      path.join(gateway.dataDir, "still.png"),
      await makeTestImage({ width: 1280, height: 720, format: "png", pattern: "gradient" }),
    );
  });

  afterAll(async () => {
    await gateway?.dispose();
    await Promise.all([...fakes.values()].map(({ served }) => served.close()));
  });

  it.each(CASES)("reelay generate: $model (image: $image)", async ({ model, image }) => {
    const out = `${model.replace(/\W+/g, "-")}-${image ? "i2v" : "t2v"}.mp4`;
    const result = await runReelay(
      [
        "--server",
        gateway.url,
        "--json",
        "generate",
        "A lighthouse at dusk, waves rolling in",
        "--model",
        model,
        ...(image ? ["--image", "still.png"] : []),
        "--out",
        out,
      ],
      gateway.dataDir,
    );
    expect(result.stderr).not.toMatch(/reelay: /);
    expect(result.code).toBe(0);
    const job = JSON.parse(result.stdout) as JobView;
    expect(job.status).toBe("succeeded");
    const probe = await probeVideo(path.join(gateway.dataDir, out));
    expect(probe.durationSeconds).toBeGreaterThan(0.5);

    // The provider's own URL expires; Reelay's copy does not.
    await new Promise((resolve) => setTimeout(resolve, OUTPUT_TTL_MS + 200));
    const again = await fetch(`${gateway.url}/api/v1/jobs/${job.id}/content`);
    expect(again.status).toBe(200);
    expect((await again.arrayBuffer()).byteLength).toBe(job.video?.sizeBytes);
  });

  const createJob = async (body: Record<string, unknown>): Promise<JobView> => {
    const response = await fetch(`${gateway.url}/api/v1/jobs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "runway/gen4.5", prompt: "A lighthouse at dusk", ...body }),
    });
    expect(response.status).toBe(202);
    return (await response.json()) as JobView;
  };
  const waitFor = async (id: string, done: (job: JobView) => boolean): Promise<JobView> => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const job = (await (await fetch(`${gateway.url}/api/v1/jobs/${id}`)).json()) as JobView;
      if (done(job) || Date.now() > deadline) return job;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  };
  const finished = (job: JobView) => ["succeeded", "failed", "cancelled"].includes(job.status);
  const runwayFake = () => fakeOf("runway");
  const creates = () =>
    runwayFake().faults.requests.filter((request) => request.method === "POST" && request.path === "/v1/text_to_video");

  it("waits out a 429 with Retry-After and then succeeds, creating the task once", async () => {
    const before = creates().length;
    runwayFake().faults.inject({
      method: "POST",
      pathIncludes: "/v1/text_to_video",
      fault: { type: "status", status: 429, headers: { "retry-after": "1" }, body: { error: "Too many requests" } },
    });
    const job = await waitFor((await createJob({})).id, finished);
    expect(job.status).toBe("succeeded");
    expect(creates().length - before).toBe(2);
  });

  it("fails at once on refused credentials, naming the provider and the variable", async () => {
    runwayFake().faults.inject({
      method: "POST",
      pathIncludes: "/v1/text_to_video",
      fault: { type: "status", status: 401, body: { error: "Unauthorized" } },
    });
    const job = await waitFor((await createJob({})).id, finished);
    expect(job.status).toBe("failed");
    expect(job.failure?.message).toMatch(/runway/);
    expect(job.failure?.message).toContain("REELAY_RUNWAY_API_KEY");
  });

  it("backs off through 5xx answers while polling and recovers", async () => {
    runwayFake().faults.inject({
      method: "GET",
      pathIncludes: "/v1/tasks/",
      times: 2,
      fault: { type: "status", status: 503, body: {} },
    });
    const job = await waitFor((await createJob({})).id, finished);
    expect(job.status).toBe("succeeded");
  });

  it("reports a filtered result as content_filtered", async () => {
    const job = await waitFor((await createJob({ prompt: "blocked-content please" })).id, finished);
    expect(job.failure?.code).toBe("content_filtered");
  });

  it("cancels a running job upstream with Runway's DELETE", async () => {
    const created = await createJob({ prompt: "a slow one" });
    const running = await waitFor(created.id, (job) => job.status === "running" || finished(job));
    expect(running.status).toBe("running");
    const cancelled = await fetch(`${gateway.url}/api/v1/jobs/${created.id}/cancel`, { method: "POST" });
    expect(cancelled.status).toBe(202);
    const job = await waitFor(created.id, finished);
    expect(job.status).toBe("cancelled");
    expect(job.warnings.map((warning) => warning.code)).not.toContain("upstream_not_cancelled");
    expect(runwayFake().faults.requests.some((request) => request.method === "DELETE")).toBe(true);
  });

  const createOn = async (model: string, prompt = "A lighthouse at dusk"): Promise<JobView> => {
    const response = await fetch(`${gateway.url}/api/v1/jobs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model, prompt }),
    });
    expect(response.status).toBe(202);
    return (await response.json()) as JobView;
  };
  const createsOn = (id: FakeProviderId, endpoint: string) =>
    fakeOf(id).faults.requests.filter((r) => r.method === "POST" && r.path.includes(endpoint)).length;

  it("re-sends a lost PixVerse create with the same trace id, ending with one upstream task", async () => {
    const pixverse = fakeOf("pixverse");
    const before = createsOn("pixverse", "/video/text/generate");
    pixverse.faults.inject({ method: "POST", pathIncludes: "/video/text/generate", fault: { type: "lose_response" } });
    const job = await waitFor((await createOn("pixverse/v4.5")).id, finished);
    expect(job.status).toBe("succeeded");
    const sent = pixverse.faults.requests.filter((r) => r.path.includes("/video/text/generate")).slice(before);
    expect(sent).toHaveLength(2);
    expect(new Set(sent.map((r) => r.headers["ai-trace-id"])).size).toBe(1);
  });

  it.each([
    ["pollo", "pollo/google/veo3-fast", "/generation/"],
    ["vidu", "vidu/vidu1.5", "/text2video"],
  ] as const)("never re-sends a lost %s create: the job fails with submission_unknown", async (id, model, endpoint) => {
    const before = createsOn(id, endpoint);
    fakeOf(id).faults.inject({ method: "POST", pathIncludes: endpoint, fault: { type: "lose_response" } });
    const job = await waitFor((await createOn(model)).id, finished);
    expect(job.failure?.code).toBe("submission_unknown");
    expect(job.failure?.message).toMatch(/dashboard/);
    expect(createsOn(id, endpoint) - before).toBe(1);
  });

  it.each([
    ["vidu", "vidu/vidu1.5", "no-credits please", "provider_error", /insufficient|credit/i],
    ["pollo", "pollo/google/veo3-fast", "no-credits please", "provider_error", /credits/i],
    ["pixverse", "pixverse/v4.5", "no-credits please", "provider_error", /balance/i],
    ["vidu", "vidu/vidu1.5", "blocked-content", "content_filtered", /./],
    ["pixverse", "pixverse/v4.5", "blocked-content", "content_filtered", /./],
    ["pollo", "pollo/google/veo3-fast", "blocked-content", "content_filtered", /./],
  ] as const)("%s: %s with %j ends %s, keeping the provider's message", async (_id, model, prompt, code, message) => {
    const job = await waitFor((await createOn(model, prompt)).id, finished);
    expect(job.failure?.code).toBe(code);
    expect(job.failure?.message).toMatch(message);
  });

  it("never writes a provider key to a log line or an answer", async () => {
    const list = await (await fetch(`${gateway.url}/api/v1/jobs?limit=100`)).text();
    const everything = [...logLines, list].join("\n");
    expect(logLines.length).toBeGreaterThan(10);
    for (const key of Object.values(KEYS)) expect(everything).not.toContain(key);
  });
});
