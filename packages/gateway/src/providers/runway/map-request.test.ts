import { beforeAll, describe, expect, it } from "vitest";
import type { ModelSpec } from "../../core/model-spec.ts";
import type { AspectRatio, NormalizedRequest, Resolution } from "../../core/types.ts";
import type { PreparedImage } from "../provider.ts";
import { RUNWAY_API_VERSION } from "./api.ts";
import { createRunwayFake } from "./fake.ts";
import {
  mapRunwayRequest,
  MAX_DATA_URI_CHARS,
  RunwayRequestError,
  runwayRatio,
  type RunwayCreateCall,
} from "./map-request.ts";
import { runwayModels } from "./models.ts";
import { solidImage } from "./test-support/images.ts";
import { preparedImage } from "../../test-support/prepared-image.ts";
import { modelByVendorId, requestFor } from "../../test-support/spec-request.ts";

/** The reference's aspect name → `ratio` table (shared/providers/runway.md §1), by model family. */
const GEN4: Partial<Record<AspectRatio, string>> = {
  "16:9": "1280:720",
  "9:16": "720:1280",
  "1:1": "960:960",
  "4:3": "1104:832",
  "3:4": "832:1104",
  "21:9": "1584:672",
};
const REFERENCE_RATIOS: Record<string, Partial<Record<Resolution, Partial<Record<AspectRatio, string>>>>> = {
  gen3a_turbo: { "720p": { "5:3": "1280:768", "3:5": "768:1280" } },
  gen4_turbo: { "720p": GEN4 },
  "gen4.5": { "720p": GEN4 },
  ...Object.fromEntries(
    ["veo3", "veo3.1", "veo3.1_fast"].map((model) => [
      model,
      { "720p": { "16:9": "1280:720", "9:16": "720:1280" }, "1080p": { "16:9": "1920:1080", "9:16": "1080:1920" } },
    ]),
  ),
};

const PROMPT = "A kite climbs over a windy beach";
let firstFrame: PreparedImage;
let lastFrame: PreparedImage;
let firstUri: string;
let lastUri: string;

beforeAll(async () => {
  const png = await solidImage(64, 36);
  const jpeg = await solidImage(48, 36, "jpeg");
  firstFrame = preparedImage(png, 64, 36);
  lastFrame = preparedImage(jpeg, 48, 36, "image/jpeg");
  firstUri = `data:image/png;base64,${png.toString("base64")}`;
  lastUri = `data:image/jpeg;base64,${jpeg.toString("base64")}`;
});

const request = (spec: ModelSpec, fields: Partial<NormalizedRequest> = {}) =>
  requestFor(spec, { prompt: PROMPT, ...fields });

const spec = (id: string): ModelSpec => modelByVendorId(runwayModels, id);

const fake = createRunwayFake({ apiKey: "key_test" });

/** Sends a mapped call to the fake's create endpoint in-process. */
async function sendToFake(call: RunwayCreateCall): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fake.app.fetch(
    new Request(`http://runway.fake${call.endpoint}`, {
      method: "POST",
      headers: {
        Authorization: "Bearer key_test",
        "X-Runway-Version": RUNWAY_API_VERSION,
        "Content-Type": "application/json",
      },
      body: JSON.stringify(call.body),
    }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Every (mode, aspect, resolution, duration) a catalog model offers. */
function cases(model: ModelSpec) {
  const modes = [
    ...(model.inputs.text ? ["text" as const] : []),
    ...(model.inputs.firstFrame ? ["image" as const] : []),
  ];
  return modes.flatMap((mode) =>
    model.aspectRatios.flatMap((aspectRatio) =>
      model.resolutions.flatMap((resolution) =>
        model.durationsSeconds.map((durationSeconds) => ({ mode, aspectRatio, resolution, durationSeconds })),
      ),
    ),
  );
}

describe("mapRunwayRequest, for every option of every catalog model", () => {
  it.each(runwayModels.map((model) => [model.id, model] as const))("%s", async (_id, model) => {
    const combinations = cases(model);
    expect(combinations.length).toBeGreaterThan(0);
    for (const { mode, aspectRatio, resolution, durationSeconds } of combinations) {
      const input = request(model, {
        aspectRatio,
        resolution,
        durationSeconds,
        ...(mode === "image" ? { image: { uploadId: "upl_first" } } : {}),
      });
      const call = await mapRunwayRequest(input, model, mode === "image" ? { image: firstFrame } : {});
      const ratio = REFERENCE_RATIOS[model.vendorModelId]?.[resolution]?.[aspectRatio];
      expect(ratio, `${model.id} ${aspectRatio} ${resolution}`).toBeDefined();
      expect(call).toEqual({
        endpoint: mode === "text" ? "/v1/text_to_video" : "/v1/image_to_video",
        body: {
          model: model.vendorModelId,
          ...(mode === "image" ? { promptImage: firstUri } : {}),
          promptText: PROMPT,
          ratio,
          duration: durationSeconds,
          ...(model.audio === "optional" ? { audio: model.defaults.audio } : {}),
        },
      });
      const answer = await sendToFake(call);
      if (model.lifecycle.status === "retired") {
        // Retired models are no longer in Runway's union: "No matching discriminator".
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({
          error: "Validation of body failed",
          issues: [{ code: "invalid_union", note: "No matching discriminator", discriminator: "model" }],
        });
      } else {
        expect(answer, `${model.id} ${mode} ${aspectRatio} ${resolution} ${durationSeconds}s`).toMatchObject({
          status: 200,
          body: { id: expect.stringMatching(/^[0-9a-f-]{36}$/) },
        });
      }
    }
  });
});

describe("mapRunwayRequest, optional fields", () => {
  it("sends seed, negative prompt and audio where the model takes them, and the fake accepts them", async () => {
    const gen = spec("gen4.5");
    const withSeed = await mapRunwayRequest(request(gen, { seed: 421337 }), gen, {});
    expect(withSeed.body).toMatchObject({ seed: 421337 });
    expect((await sendToFake(withSeed)).status).toBe(200);

    const veo = spec("veo3.1_fast");
    const call = await mapRunwayRequest(
      request(veo, { audio: false, negativePrompt: "people", resolution: "1080p", durationSeconds: 4 }),
      veo,
      {},
    );
    expect(call.body).toEqual({
      model: "veo3.1_fast",
      promptText: PROMPT,
      ratio: "1920:1080",
      duration: 4,
      audio: false,
      negativePrompt: "people",
    });
    expect((await sendToFake(call)).status).toBe(200);
    // veo3 always renders sound and has no `audio` field.
    expect((await mapRunwayRequest(request(spec("veo3")), spec("veo3"), {})).body).not.toHaveProperty("audio");
  });

  it("sends first and last frames as the array form on veo3.1", async () => {
    const veo = spec("veo3.1");
    const input = request(veo, { image: { uploadId: "upl_a" }, lastFrame: { uploadId: "upl_b" }, prompt: "" });
    const call = await mapRunwayRequest(input, veo, { image: firstFrame, lastFrame });
    expect(call).toEqual({
      endpoint: "/v1/image_to_video",
      body: {
        model: "veo3.1",
        promptImage: [
          { uri: firstUri, position: "first" },
          { uri: lastUri, position: "last" },
        ],
        ratio: "1280:720",
        duration: 8,
        audio: true,
      },
    });
    expect((await sendToFake(call)).status).toBe(200);
  });

  it("sends gen4_turbo image-to-video without a prompt as a bare data URI", async () => {
    const turbo = spec("gen4_turbo");
    const input = request(turbo, { image: { uploadId: "upl_a" }, prompt: "  ", aspectRatio: "21:9", seed: 7 });
    const call = await mapRunwayRequest(input, turbo, { image: firstFrame });
    expect(call.body).toEqual({ model: "gen4_turbo", promptImage: firstUri, ratio: "1584:672", duration: 5, seed: 7 });
    expect((await sendToFake(call)).status).toBe(200);
  });

  it("hands over a signed URL when the model's delivery is url", async () => {
    const turbo = {
      ...spec("gen4_turbo"),
      imageInput: { ...spec("gen4_turbo").imageInput!, delivery: "url" as const },
    };
    const call = await mapRunwayRequest(request(turbo, { image: { uploadId: "upl_a" } }), turbo, { image: firstFrame });
    expect(call.body.promptImage).toBe("https://reelay.example.com/media/frame.png?expires=86400&signature=abc");
    expect((await sendToFake(call)).status).toBe(200);
  });
});

describe("mapRunwayRequest refuses what Runway cannot take, with a clear error", () => {
  const refusals: Array<[string, () => Promise<unknown>, RegExp]> = [
    [
      "an aspect without a pixel size",
      () => mapRunwayRequest(request(spec("veo3"), { aspectRatio: "1:1" }), spec("veo3"), {}),
      /no size for 1:1 at 720p; it offers 16:9 at 720p, 9:16 at 720p, 16:9 at 1080p/,
    ],
    [
      "a gen model at 1080p",
      () => mapRunwayRequest(request(spec("gen4.5"), { resolution: "1080p" }), spec("gen4.5"), {}),
      /no size for 16:9 at 1080p/,
    ],
    [
      "text-to-video on gen4_turbo",
      () => mapRunwayRequest(request(spec("gen4_turbo")), spec("gen4_turbo"), {}),
      /cannot do text-to-video/,
    ],
    [
      "a duration the model lacks",
      () => mapRunwayRequest(request(spec("veo3"), { durationSeconds: 5 }), spec("veo3"), {}),
      /takes 8 s, not 5 s/,
    ],
    [
      "a seed on veo",
      () => mapRunwayRequest(request(spec("veo3.1"), { seed: 1 }), spec("veo3.1"), {}),
      /takes no seed/,
    ],
    [
      "audio on a silent model",
      () => mapRunwayRequest(request(spec("gen4.5"), { audio: true }), spec("gen4.5"), {}),
      /cannot add audio/,
    ],
    [
      "gen4.5 image-to-video without a prompt",
      () =>
        mapRunwayRequest(request(spec("gen4.5"), { prompt: "", image: { uploadId: "u" } }), spec("gen4.5"), {
          image: firstFrame,
        }),
      /needs a prompt with the image/,
    ],
    [
      "a last frame on gen4_turbo",
      () =>
        mapRunwayRequest(
          request(spec("gen4_turbo"), { image: { uploadId: "u" }, lastFrame: { uploadId: "v" } }),
          spec("gen4_turbo"),
          { image: firstFrame, lastFrame },
        ),
      /takes no last frame/,
    ],
    [
      "a missing prepared image",
      () => mapRunwayRequest(request(spec("gen4_turbo"), { image: { uploadId: "u" } }), spec("gen4_turbo"), {}),
      /prepared first frame is missing/,
    ],
    [
      "a GIF",
      () =>
        mapRunwayRequest(request(spec("gen4_turbo"), { image: { uploadId: "u" } }), spec("gen4_turbo"), {
          image: { ...firstFrame, mediaType: "image/gif" },
        }),
      /JPEG, PNG or WebP/,
    ],
    [
      "an oversized data URI",
      () =>
        mapRunwayRequest(request(spec("gen4_turbo"), { image: { uploadId: "u" } }), spec("gen4_turbo"), {
          image: { ...firstFrame, read: async () => Buffer.alloc(MAX_DATA_URI_CHARS) },
        }),
      /at most 5000000/,
    ],
  ];
  it.each(refusals)("%s", async (_name, map, message) => {
    const error = await map().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RunwayRequestError);
    expect((error as Error).message).toMatch(message);
  });

  it("knows gen4.5 text-to-video takes only two of its six sizes", () => {
    expect(runwayRatio("gen4.5", "1:1", "720p", "image")).toBe("960:960");
    expect(() => runwayRatio("gen4.5", "1:1", "720p", "text")).toThrow(/offers 16:9 at 720p, 9:16 at 720p\.$/);
    expect(() => runwayRatio("gen5", "16:9", "720p")).toThrow(/not known/);
  });
});
