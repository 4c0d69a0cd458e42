import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderCallError } from "../../core/errors.ts";
import { geminiFileId } from "./api.ts";
import { mapGeminiOperation, type GeminiOutputSettings } from "./map-status.ts";

const NAME = "models/veo-3.1-fast-generate-preview/operations/2s8kq1x0ab7c";
const RESPONSE_TYPE = "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse";
let settings: GeminiOutputSettings;

beforeAll(async () => {
  settings = {
    baseUrl: "https://gemini.test/v1beta",
    apiKey: "key-123456",
    outputDir: await mkdtemp(join(tmpdir(), "reelay-gemini-status-")),
  };
});
afterAll(async () => {
  await rm(settings.outputDir, { recursive: true, force: true });
});

const done = (response: unknown) => ({ name: NAME, done: true, response });

describe("mapGeminiOperation", () => {
  it("is running while done is absent or false (Veo reports no progress)", async () => {
    expect(await mapGeminiOperation({ name: NAME }, settings)).toEqual({ state: "running" });
    expect(await mapGeminiOperation({ name: NAME, done: false }, settings)).toEqual({ state: "running" });
  });

  it("downloads a sample through the configured base, whatever host the URI names, and never stores the key", async () => {
    const uri = "https://generativelanguage.googleapis.com/v1beta/files/k3v9m2q8zt1p:download?alt=media";
    const result = await mapGeminiOperation(
      done({ "@type": RESPONSE_TYPE, generateVideoResponse: { generatedSamples: [{ video: { uri } }] } }),
      settings,
    );
    expect(result).toEqual({
      state: "succeeded",
      outputs: [
        {
          kind: "video",
          mediaType: "video/mp4",
          source: { type: "url", url: "https://gemini.test/v1beta/files/k3v9m2q8zt1p:download?alt=media" },
        },
      ],
    });
  });

  it("never sends the key to a URI that is not a Gemini file", async () => {
    const result = await mapGeminiOperation(
      done({ generateVideoResponse: { generatedSamples: [{ video: { uri: "https://cdn.example/video.mp4" } }] } }),
      settings,
    );
    expect(result).toEqual({
      state: "succeeded",
      outputs: [
        { kind: "video", mediaType: "video/mp4", source: { type: "url", url: "https://cdn.example/video.mp4" } },
      ],
    });
  });

  it("writes an inline sample to a file, the same file on every poll", async () => {
    const bytes = Buffer.from("....ftypisom-inline-video");
    const operation = done({
      generateVideoResponse: {
        generatedSamples: [{ video: { encodedVideo: bytes.toString("base64"), encoding: "video/mp4" } }],
      },
    });
    const first = await mapGeminiOperation(operation, settings);
    const again = await mapGeminiOperation(operation, settings);
    expect(first).toEqual(again);
    if (first.state !== "succeeded" || first.outputs[0]?.source.type !== "file")
      throw new Error("expected a file output");
    expect(await readFile(first.outputs[0].source.path)).toEqual(bytes);
    expect(JSON.stringify(first)).not.toContain(bytes.toString("base64"));
  });

  it.each([
    [
      "count and reasons",
      { raiMediaFilteredCount: 1, raiMediaFilteredReasons: ["Blocked by a safety filter. Support codes: 58061214"] },
      /Support codes: 58061214/,
    ],
    ["reasons only", { raiMediaFilteredReasons: ["Blocked: celebrity likeness"] }, /celebrity likeness/],
    ["count only, empty samples", { raiMediaFilteredCount: 2, generatedSamples: [] }, /no reason given/],
  ])("maps a filtered result (%s) to content_filtered", async (_name, fields, message) => {
    const result = await mapGeminiOperation(done({ generateVideoResponse: fields }), settings);
    expect(result).toMatchObject({ state: "failed", failure: { code: "content_filtered", message } });
  });

  it.each([
    ["an empty generateVideoResponse", { generateVideoResponse: {} }],
    ["no response at all", undefined],
    ["Vertex's shape, which Google's SDK ignores on this surface", { videos: [{ gcsUri: "gs://b/o.mp4" }] }],
    ["samples without a video", { generateVideoResponse: { generatedSamples: [{}] } }],
  ])("maps done with %s to no_output", async (_name, response) => {
    const result = await mapGeminiOperation(done(response), settings);
    expect(result).toMatchObject({ state: "failed", failure: { code: "no_output" } });
  });

  it.each([
    [
      {
        code: 3,
        message:
          "Unsupported output video duration 3 seconds, supported durations are [8,5,6,7] for feature text_to_video.",
      },
      "invalid_input",
      /INVALID_ARGUMENT.*Unsupported output video duration/,
    ],
    [{ code: 3, message: "The prompt was blocked by safety policy." }, "content_filtered", /blocked by safety policy/],
    [{ code: 13, message: "Internal error encountered." }, "provider_error", /INTERNAL.*Internal error/],
    [{ code: 8, status: "RESOURCE_EXHAUSTED", message: "Quota exceeded." }, "provider_error", /RESOURCE_EXHAUSTED/],
  ] as const)("maps an operation error %j", async (error, code, message) => {
    const result = await mapGeminiOperation({ name: NAME, done: true, error }, settings);
    expect(result).toMatchObject({ state: "failed", failure: { code, message } });
  });

  it("calls a response it cannot read a bad response", async () => {
    const error = await mapGeminiOperation(
      done({ generateVideoResponse: { generatedSamples: "nope" } }),
      settings,
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderCallError);
    expect(error).toMatchObject({ kind: "bad_response" });
  });
});

describe("geminiFileId", () => {
  it("finds the id the way Google's SDK does", () => {
    expect(geminiFileId("https://generativelanguage.googleapis.com/v1beta/files/k3v9m2q8zt1p:download?alt=media")).toBe(
      "k3v9m2q8zt1p",
    );
    expect(geminiFileId("files/abc123")).toBe("abc123");
    expect(geminiFileId("https://cdn.example/video.mp4")).toBeUndefined();
  });
});
