import { describe, expect, it } from "vitest";
import { testImage } from "../google/test-support/veo-cases.ts";
import { auth, errorOf, MODEL, setUp, TEXT, TOKEN } from "./test-support/vertex-fake-client.ts";

describe("Vertex fake: auth", () => {
  it("refuses a missing credential and a wrong token with 401 UNAUTHENTICATED", async () => {
    const { create } = setUp();
    const missing = await create("veo-3.1-generate-001", TEXT, {});
    expect(await errorOf(missing)).toMatchObject({
      code: 401,
      status: "UNAUTHENTICATED",
      message: /missing required authentication credential/,
    });
    const wrong = await create("veo-3.1-generate-001", TEXT, { authorization: "Bearer ya29.someone-else" });
    expect(await errorOf(wrong)).toMatchObject({ code: 401, message: /invalid authentication credentials/ });
  });

  it("takes an express-mode API key too, refusing a wrong one like Google", async () => {
    const { create } = setUp();
    expect((await create("veo-3.1-generate-001", TEXT, { "x-goog-api-key": TOKEN })).status).toBe(200);
    expect(await errorOf(await create("veo-3.1-generate-001", TEXT, { "x-goog-api-key": "nope" }))).toMatchObject({
      code: 400,
      details: [{ reason: "API_KEY_INVALID" }],
    });
  });

  it("denies a project without Veo access with 403", async () => {
    const { post } = setUp({ project: "proj" });
    const denied = await post(`/v1/${MODEL("veo-3.1-generate-001", "other")}:predictLongRunning`, TEXT);
    expect(await errorOf(denied)).toMatchObject({
      code: 403,
      status: "PERMISSION_DENIED",
      message: /aiplatform\.endpoints\.predict/,
    });
  });
});

describe("Vertex fake: models and validation", () => {
  it("answers retired and unknown ids (a Gemini-only id too) with Vertex's 404", async () => {
    const { create } = setUp();
    for (const id of ["veo-3.0-generate-001", "veo-3.0-fast-generate-001", "veo-3.1-lite-generate-preview"]) {
      expect(await errorOf(await create(id, TEXT))).toMatchObject({
        code: 404,
        status: "NOT_FOUND",
        message: expect.stringContaining(
          `Publisher model \`${MODEL(id)}\` was not found or your project does not have access to it`,
        ),
      });
    }
  });

  it.each([
    [
      "generateAudio on Veo 2",
      "veo-2.0-generate-001",
      { ...TEXT, parameters: { ...TEXT.parameters, generateAudio: false } },
      /generateAudio is not supported/,
    ],
    [
      "resolution on Veo 2",
      "veo-2.0-generate-001",
      { ...TEXT, parameters: { ...TEXT.parameters, resolution: "720p" } },
      /resolution is not supported/,
    ],
    [
      "a seed beyond uint32",
      "veo-3.1-generate-001",
      { ...TEXT, parameters: { ...TEXT.parameters, seed: 4_294_967_296 } },
      /unsigned 32-bit/,
    ],
    [
      "sampleCount 5",
      "veo-3.1-generate-001",
      { ...TEXT, parameters: { ...TEXT.parameters, sampleCount: 5 } },
      /between 1 and 4/,
    ],
    [
      "a last frame without a first",
      "veo-3.1-generate-001",
      { ...TEXT, instances: [{ prompt: "a", lastFrame: { gcsUri: "gs://b/l.png", mimeType: "image/png" } }] },
      /lastFrame requires image/,
    ],
    [
      "a storageUri that is not gs://",
      "veo-3.1-generate-001",
      { ...TEXT, parameters: { ...TEXT.parameters, storageUri: "https://b/" } },
      /gs:\/\//,
    ],
    [
      "webhookConfig (Gemini only)",
      "veo-3.1-generate-001",
      { ...TEXT, webhookConfig: { uris: ["https://x"] } },
      /Unknown name "webhookConfig"/,
    ],
    [
      "allow_adult for text on Veo 3.1",
      "veo-3.1-generate-001",
      { ...TEXT, parameters: { ...TEXT.parameters, personGeneration: "allow_adult" } },
      /allow_adult for personGeneration is currently not supported/,
    ],
  ])("refuses %s with 400", async (_name, id, body, message) => {
    const { create } = setUp();
    expect(await errorOf(await create(id, body))).toMatchObject({ code: 400, status: "INVALID_ARGUMENT", message });
  });

  it("takes gcsUri images, labels, seeds and the audio switch, under v1beta1 too", async () => {
    const { create } = setUp();
    const image = await testImage("jpeg");
    const body = {
      instances: [
        {
          prompt: "a",
          image: { bytesBase64Encoded: (await image.read()).toString("base64"), mimeType: "image/jpeg" },
          lastFrame: { gcsUri: "gs://my-bucket/end.png", mimeType: "image/png" },
        },
      ],
      parameters: {
        aspectRatio: "9:16",
        durationSeconds: 6,
        resolution: "4k",
        seed: 42,
        generateAudio: true,
        personGeneration: "ALLOW_ADULT",
        resizeMode: "crop",
      },
      labels: { tenant: "t_42" },
    };
    expect((await create("veo-3.1-generate-001", body, auth, "v1beta1")).status).toBe(200);
  });
});
