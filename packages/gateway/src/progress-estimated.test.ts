import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGoogleFake } from "./providers/google/fake.ts";
import { serveFake, type ServedFake } from "./providers/shared/fake-server.ts";
import { expectRisingToOne, runJobToEnd } from "./test-support/read-events.ts";
import { startTestGateway, type TestGateway } from "./test-support/start-test-gateway.ts";

describe("estimated progress", () => {
  let gateway: TestGateway;
  let fake: ServedFake;

  beforeAll(async () => {
    // Veo reports no progress at all: Reelay estimates it.
    fake = await serveFake(createGoogleFake({ apiKey: "veo-key", timing: { queuedMs: 500, renderMs: 10_000 } }).app);
    gateway = await startTestGateway({
      REELAY_GOOGLE_BASE_URL: `${fake.url}/v1beta`,
      REELAY_GOOGLE_API_KEY: "veo-key",
      REELAY_ALLOW_PRIVATE_URLS: "true",
    });
  });
  afterAll(async () => {
    await gateway?.dispose();
    await fake?.close();
  });

  it("rises to 1 from a provider that reports none, estimated against the expected render time", async () => {
    const views = await runJobToEnd(gateway.url, {
      model: "google/veo-2.0-generate-001",
      prompt: "a heron lifting off a lake",
    });
    expectRisingToOne(views);
    const running = views.filter((view) => view.status === "running");
    expect(running.length).toBeGreaterThanOrEqual(2);
    for (const view of running) {
      expect(view.progress?.source).toBe("estimated");
      expect(view.progress?.etaSeconds).toBeGreaterThan(0);
    }
  });
});
