import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ApiError, GoogleGenAI, PersonGeneration, type GenerateVideosOperation } from "@google/genai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveFake, type ServedFake } from "../shared/fake-server.ts";
import { createGoogleFake } from "./fake.ts";
import { testImage } from "./test-support/veo-cases.ts";

/*
 * Google's own SDK (@google/genai 2.32.0, the version the reference §12 was checked against)
 * against the Gemini fake: if the SDK takes the fake for the real API, the fake's paths, auth,
 * operation shape and download are right.
 */

const KEY = "gemini-sdk-key-5d2e";
const MODEL = "veo-2.0-generate-001";

describe("@google/genai against the Gemini fake", () => {
  const fake = createGoogleFake({ apiKey: KEY, timing: { queuedMs: 50, renderMs: 200 } });
  let served: ServedFake;
  let ai: GoogleGenAI;
  let downloads = "";

  beforeAll(async () => {
    served = await serveFake(fake.app);
    ai = new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl: served.url } });
    downloads = await mkdtemp(join(tmpdir(), "reelay-genai-"));
  });
  afterAll(async () => {
    await served.close();
    await rm(downloads, { recursive: true, force: true });
  });

  async function untilDone(operation: GenerateVideosOperation): Promise<GenerateVideosOperation> {
    let current = operation;
    for (let attempt = 0; !current.done; attempt += 1) {
      if (attempt > 100) throw new Error("the operation never finished");
      await sleep(50);
      current = await ai.operations.getVideosOperation({ operation: current });
    }
    return current;
  }

  it("generates from text, polls until done and downloads the MP4 with files.download", async () => {
    const started = await ai.models.generateVideos({
      model: MODEL,
      prompt: "A paper boat drifting down a rainy street",
      config: {
        aspectRatio: "16:9",
        durationSeconds: 6,
        numberOfVideos: 1,
        negativePrompt: "blur",
        personGeneration: PersonGeneration.DONT_ALLOW,
      },
    });
    expect(started.name).toMatch(/^models\/veo-2\.0-generate-001\/operations\/[a-z0-9]+$/);
    expect(started.done).toBeFalsy();
    // The SDK sends its enum names as they are (upper case); the fake takes both cases.
    const sent = fake.faults.requests.find((request) => request.path.endsWith(":predictLongRunning"));
    expect(JSON.parse(sent?.body ?? "{}")).toEqual({
      instances: [{ prompt: "A paper boat drifting down a rainy street" }],
      parameters: {
        sampleCount: 1,
        durationSeconds: 6,
        aspectRatio: "16:9",
        personGeneration: "DONT_ALLOW",
        negativePrompt: "blur",
      },
    });

    const finished = await untilDone(started);
    expect(finished.error).toBeUndefined();
    const generated = finished.response?.generatedVideos?.[0];
    expect(generated?.video?.uri).toMatch(
      /^https:\/\/generativelanguage\.googleapis\.com\/v1beta\/files\/[a-z0-9]+:download\?alt=media$/,
    );

    const path = join(downloads, "text.mp4");
    await ai.files.download({ file: generated ?? {}, downloadPath: path });
    const bytes = await readFile(path);
    expect(bytes.toString("latin1", 4, 8)).toBe("ftyp");
  });

  it("generates from an image and downloads by the file's URI with the key", async () => {
    const image = await testImage("png");
    const started = await ai.models.generateVideos({
      model: MODEL,
      // The SDK's newer `source` form; the text test above uses the older top-level `prompt`.
      source: {
        prompt: "The scene slowly comes alive",
        image: { imageBytes: (await image.read()).toString("base64"), mimeType: "image/png" },
      },
      config: { aspectRatio: "9:16", durationSeconds: 5, personGeneration: PersonGeneration.ALLOW_ADULT },
    });
    const finished = await untilDone(started);
    const uri = finished.response?.generatedVideos?.[0]?.video?.uri ?? "";
    // The URI names Google's host; like the SDK, a client fetches it through its own base URL.
    const local = uri.replace("https://generativelanguage.googleapis.com", served.url);
    const response = await fetch(local, { headers: { "x-goog-api-key": KEY } });
    expect(response.status).toBe(200);
    expect(response.redirected).toBe(true);
    expect(Buffer.from(await response.arrayBuffer()).toString("latin1", 4, 8)).toBe("ftyp");
  });

  it("sees a filtered generation as done with no videos and the filter count and reason", async () => {
    const finished = await untilDone(
      await ai.models.generateVideos({ model: MODEL, source: { prompt: "blocked-content please" } }),
    );
    expect(finished.response?.generatedVideos ?? []).toHaveLength(0);
    expect(finished.response?.raiMediaFilteredCount).toBe(1);
    expect(finished.response?.raiMediaFilteredReasons?.[0]).toMatch(/safety filter/);
  });

  it("gets Google's errors: 404 for a retired model, 400 for a wrong key", async () => {
    const retired = await ai.models
      .generateVideos({ model: "veo-3.1-generate-preview", source: { prompt: "x" } })
      .catch((error: unknown) => error);
    expect(retired).toBeInstanceOf(ApiError);
    expect(retired).toMatchObject({ status: 404, message: expect.stringContaining("NOT_FOUND") });
    const wrongKey = new GoogleGenAI({ apiKey: "wrong", httpOptions: { baseUrl: served.url } });
    const refused = await wrongKey.models
      .generateVideos({ model: MODEL, source: { prompt: "x" } })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 400, message: expect.stringContaining("API_KEY_INVALID") });
  });

  it("lists the models still served with models.list, page by page, and refuses a wrong key there too", async () => {
    const names: string[] = [];
    for await (const model of await ai.models.list({ config: { pageSize: 1 } })) names.push(model.name ?? "");
    expect(names).toEqual([`models/${MODEL}`]);
    const everyModel = createGoogleFake({ apiKey: KEY, retiredModels: [] });
    const page = await everyModel.app.fetch(
      new Request("http://fake/v1beta/models?pageSize=3", { headers: { "x-goog-api-key": KEY } }),
    );
    const listed = (await page.json()) as { models: unknown[]; nextPageToken?: string };
    expect(listed).toMatchObject({ models: expect.any(Array), nextPageToken: "3" });
    expect(listed.models).toHaveLength(3);
    const wrongKey = new GoogleGenAI({ apiKey: "wrong", httpOptions: { baseUrl: served.url } });
    const refused = await wrongKey.models.list().catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 400, message: expect.stringContaining("API_KEY_INVALID") });
  });
});
