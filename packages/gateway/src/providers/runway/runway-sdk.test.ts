/**
 * Runway's official Node SDK against the fake over real HTTP on 127.0.0.1: if the SDK takes the
 * fake for the real API (paths, headers, shapes, status codes, errors), the fake is faithful.
 */
import RunwayML, { AuthenticationError, BadRequestError, NotFoundError } from "@runwayml/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveFake, type ServedFake } from "../shared/fake-server.ts";
import { createRunwayFake } from "./fake.ts";
import { solidImage } from "./test-support/images.ts";

const API_KEY = "My API Key";
const fake = createRunwayFake({ apiKey: API_KEY, timing: { queuedMs: 100, renderMs: 400 } });
let served: ServedFake;
let client: RunwayML;

beforeAll(async () => {
  served = await serveFake(fake.app);
  // No automatic retries: Runway does not deduplicate creates (and the fake never needs them).
  client = new RunwayML({ apiKey: API_KEY, baseURL: served.url, maxRetries: 0, timeout: 10_000 });
});
afterAll(async () => {
  await served?.close();
});

async function expectMp4(url: string): Promise<void> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("video/mp4");
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect(Buffer.from(bytes.subarray(4, 8)).toString("latin1")).toBe("ftyp");
}

/** Polls with `tasks.retrieve`, faster than `waitForTaskOutput`'s 6 s cadence. */
async function retrieveUntilDone(id: string) {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const task = await client.tasks.retrieve(id);
    if (!["PENDING", "THROTTLED", "RUNNING"].includes(task.status)) return task;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the task never finished");
}

describe("@runwayml/sdk against the fake", () => {
  it("textToVideo.create(…).waitForTaskOutput() gets SUCCEEDED with an output that downloads as MP4", async () => {
    const task = await client.textToVideo
      .create({ model: "gen4.5", promptText: "A lighthouse at dusk", ratio: "1280:720", duration: 2 })
      .waitForTaskOutput({ timeout: 30_000 });
    expect(task.status).toBe("SUCCEEDED");
    expect(task.output).toHaveLength(1);
    await expectMp4(task.output[0] ?? "");
    const sent = fake.faults.requests.find((request) => request.path === "/v1/text_to_video");
    expect(sent?.headers).toMatchObject({
      authorization: `Bearer ${API_KEY}`,
      "x-runway-version": "2024-11-06",
      "user-agent": expect.stringMatching(/^RunwayML\/JS /),
    });
  }, 30_000);

  it("imageToVideo.create with the SDK's own example body (an HTTPS URL the fake does not fetch)", async () => {
    const created = await client.imageToVideo.create({
      duration: 2,
      model: "gen4.5",
      promptImage: "https://example.com/file",
      promptText: "x",
      ratio: "1280:720",
      contentModeration: { publicFigureThreshold: "auto" },
      seed: 0,
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.estimatedCost.credits).toBeGreaterThan(0);
    const task = await retrieveUntilDone(created.id);
    expect(task.status).toBe("SUCCEEDED");
    if (task.status === "SUCCEEDED") await expectMp4(task.output[0] ?? "");
  });

  it("imageToVideo.create for gen4_turbo with a data URI, and veo3.1 with first and last frames", async () => {
    const uri = `data:image/png;base64,${(await solidImage(64, 36)).toString("base64")}`;
    const turbo = await client.imageToVideo.create({
      model: "gen4_turbo",
      promptImage: uri,
      ratio: "960:960",
      duration: 3,
    });
    const veo = await client.imageToVideo.create({
      model: "veo3.1",
      promptImage: [
        { uri, position: "first" },
        { uri, position: "last" },
      ],
      ratio: "1920:1080",
      duration: 4,
      audio: false,
    });
    for (const id of [turbo.id, veo.id]) {
      const task = await retrieveUntilDone(id);
      expect(task.status).toBe("SUCCEEDED");
      if (task.status === "SUCCEEDED") await expectMp4(task.output[0] ?? "");
    }
  });

  it("sees a running task's progress, cancels it with tasks.delete, and then gets NotFoundError", async () => {
    const { id } = await client.textToVideo.create({ model: "veo3.1_fast", promptText: "Waves", ratio: "720:1280" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const running = await client.tasks.retrieve(id);
    expect(running.status).toBe("RUNNING");
    if (running.status === "RUNNING") expect(running.progress).toBeGreaterThanOrEqual(0);
    // The SDK turns the 204 into null.
    await expect(client.tasks.delete(id)).resolves.toBeNull();
    await expect(client.tasks.retrieve(id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("turns the fake's errors into the SDK's typed errors", async () => {
    const invalid = await client.textToVideo
      .create({ model: "gen4.5", promptText: "x", ratio: "16:9" as "1280:720", duration: 5 })
      .catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(BadRequestError);
    expect((invalid as BadRequestError).error).toMatchObject({
      error: "Validation of body failed",
      issues: [{ path: ["ratio"] }],
    });

    const stranger = new RunwayML({ apiKey: "key_wrong", baseURL: served.url, maxRetries: 0 });
    await expect(stranger.tasks.retrieve("4f2b8c1e-7a3d-4e9b-9c0f-2d6e5a1b8c77")).rejects.toBeInstanceOf(
      AuthenticationError,
    );

    const filtered = await client.textToVideo
      .create({ model: "gen4.5", promptText: "blocked-content", ratio: "1280:720", duration: 2 })
      .then((created) => retrieveUntilDone(created.id));
    expect(filtered).toMatchObject({ status: "FAILED", failureCode: "SAFETY.INPUT.TEXT" });
  });

  it("organization.retrieve() reads the credit balance, which the tasks created so far have spent", async () => {
    const organization = await client.organization.retrieve();
    expect(organization.creditBalance).toBeGreaterThan(0);
    expect(organization.creditBalance).toBeLessThan(10_000);
    expect(organization.tier.models["gen4.5"]).toEqual({ maxConcurrentGenerations: 2, maxDailyGenerations: 50 });
    expect(organization.usage.models["gen4.5"]?.dailyGenerations).toBeGreaterThan(0);
    const stranger = new RunwayML({ apiKey: "key_wrong", baseURL: served.url, maxRetries: 0 });
    await expect(stranger.organization.retrieve()).rejects.toBeInstanceOf(AuthenticationError);
  });
});
