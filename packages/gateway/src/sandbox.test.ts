import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobView, ModelList } from "@reelay/client";
import { eventually, startTestGateway, type TestGateway } from "./test-support/start-test-gateway.ts";

describe("reelay serve --sandbox", () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway({ REELAY_SANDBOX: "true" });
  });
  afterAll(async () => {
    await gateway?.dispose();
  });

  it("makes every provider with a fake available without keys, and says so on every answer", async () => {
    const response = await fetch(`${gateway.url}/api/v1/models`);
    expect(response.headers.get("reelay-sandbox")).toBe("true");
    const { data } = (await response.json()) as ModelList;
    for (const id of [
      "runway/gen4.5",
      "google-vertex/veo-3.1-fast-generate-001",
      "google/veo-2.0-generate-001",
      "openai/sora-2",
      "pollo/google/veo3-fast",
      "pixverse/v4.5",
      "vidu/vidu1.5",
    ]) {
      expect(
        data.find((model) => model.id === id),
        id,
      ).toMatchObject({ available: true });
    }
    expect(await (await fetch(`${gateway.url}/healthz`)).json()).toEqual({ status: "ok", sandbox: true });
  });

  it("runs a job on a simulated provider and marks it simulated", async () => {
    const created = await fetch(`${gateway.url}/api/v1/jobs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "runway/gen4.5", prompt: "A lighthouse at dusk", durationSeconds: 5 }),
    });
    expect(created.status).toBe(202);
    const job = (await created.json()) as JobView;
    expect(job.warnings.map((warning) => warning.code)).toEqual(["sandbox_simulated"]);
    const done = await eventually(
      async () => {
        const current = (await (await fetch(`${gateway.url}/api/v1/jobs/${job.id}`)).json()) as JobView;
        return current.status === "queued" || current.status === "running" ? undefined : current;
      },
      60_000,
      "the sandbox job",
    );
    expect(done.status).toBe("succeeded");
    expect(done.video?.sizeBytes).toBeGreaterThan(1000);
  });
});
