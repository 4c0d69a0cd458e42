import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gcsMediaUrl, mapVertexOperation, type VertexOutputSettings } from "./map-status.ts";

const NAME =
  "projects/p/locations/us-central1/publishers/google/models/veo-3.1-fast-generate-001/operations/8c1f6a0e-2f4b";
const RESPONSE_TYPE = "type.googleapis.com/cloud.ai.large_models.vision.GenerateVideoResponse";
let settings: VertexOutputSettings;

beforeAll(async () => {
  settings = {
    outputDir: await mkdtemp(join(tmpdir(), "reelay-vertex-status-")),
    storageBaseUrl: "https://storage.test",
    token: "ya29.token",
  };
});
afterAll(async () => {
  await rm(settings.outputDir, { recursive: true, force: true });
});

const done = (response: unknown) => ({ name: NAME, done: true, response });

describe("mapVertexOperation", () => {
  it("is running while done is absent or false", async () => {
    expect(await mapVertexOperation({ name: NAME }, settings)).toEqual({ state: "running" });
    expect(await mapVertexOperation({ name: NAME, done: false }, settings)).toEqual({ state: "running" });
  });

  it("writes inline bytes to a file and returns a file output, never the bytes", async () => {
    const bytes = Buffer.from("\u0000\u0000\u0000\u0020ftypisom inline mp4");
    const operation = done({
      "@type": RESPONSE_TYPE,
      raiMediaFilteredCount: 0,
      videos: [{ bytesBase64Encoded: bytes.toString("base64"), mimeType: "video/mp4" }],
    });
    const result = await mapVertexOperation(operation, settings);
    if (result.state !== "succeeded" || result.outputs[0]?.source.type !== "file")
      throw new Error("expected a file output");
    expect(await readFile(result.outputs[0].source.path)).toEqual(bytes);
    expect(result.outputs[0]).toMatchObject({ kind: "video", mediaType: "video/mp4" });
    expect(JSON.stringify(result)).not.toContain(bytes.toString("base64"));
    expect(await mapVertexOperation(operation, settings)).toEqual(result);
  });

  it("reads a gs:// output through the JSON API, without storing the token", async () => {
    const result = await mapVertexOperation(
      done({ videos: [{ gcsUri: "gs://my-bucket/veo-out/1764000000123/sample_0.mp4", mimeType: "video/mp4" }] }),
      settings,
    );
    expect(result).toEqual({
      state: "succeeded",
      outputs: [
        {
          kind: "video",
          mediaType: "video/mp4",
          source: {
            type: "url",
            url: "https://storage.test/storage/v1/b/my-bucket/o/veo-out%2F1764000000123%2Fsample_0.mp4?alt=media",
          },
        },
      ],
    });
  });

  it("maps a filtered result to content_filtered with Google's reason", async () => {
    const result = await mapVertexOperation(
      done({
        "@type": RESPONSE_TYPE,
        raiMediaFilteredCount: 1,
        raiMediaFilteredReasons: ["Blocked. Support codes: 58061214"],
      }),
      settings,
    );
    expect(result).toMatchObject({
      state: "failed",
      failure: { code: "content_filtered", message: /Support codes: 58061214/ },
    });
  });

  it.each([
    ["no videos and no filter count", { "@type": RESPONSE_TYPE, raiMediaFilteredCount: 0 }],
    ["an empty video list", { videos: [] }],
    ["Gemini's shape", { generateVideoResponse: { generatedSamples: [{ video: { uri: "files/x" } }] } }],
    ["no response", undefined],
  ])("maps done with %s to no_output", async (_name, response) => {
    expect(await mapVertexOperation(done(response), settings)).toMatchObject({
      state: "failed",
      failure: { code: "no_output" },
    });
  });

  it("maps operation errors: INVALID_ARGUMENT to invalid_input, others to provider_error", async () => {
    const invalid = await mapVertexOperation(
      { name: NAME, done: true, error: { code: 3, message: "Unsupported output video duration 3 seconds" } },
      settings,
    );
    expect(invalid).toMatchObject({
      state: "failed",
      failure: { code: "invalid_input", message: /duration 3 seconds/ },
    });
    const internal = await mapVertexOperation(
      { name: NAME, done: true, error: { code: 13, message: "boom" } },
      settings,
    );
    expect(internal).toMatchObject({ state: "failed", failure: { code: "provider_error", message: /INTERNAL.*boom/ } });
  });
});

describe("gcsMediaUrl", () => {
  it("encodes the object name and refuses what is not gs://bucket/object", () => {
    expect(gcsMediaUrl("https://s", "gs://b/a b/c.mp4")).toBe("https://s/storage/v1/b/b/o/a%20b%2Fc.mp4?alt=media");
    expect(gcsMediaUrl("https://s", "gs://bucket-only")).toBeUndefined();
    expect(gcsMediaUrl("https://s", "https://b/o")).toBeUndefined();
  });
});
