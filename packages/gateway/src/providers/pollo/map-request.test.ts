import { describe, expect, it } from "vitest";
import type { ModelSpec } from "../../core/model-spec.ts";
import type { NormalizedRequest } from "../../core/types.ts";
import { contractRequest } from "../provider.contract.ts";
import type { PreparedImage } from "../provider.ts";
import { preparedImage } from "../../test-support/prepared-image.ts";
import { createPolloFake } from "./fake.ts";
import { IMAGE_URL_TTL_SECONDS, mapPolloRequest, PolloRequestError, type PolloCreateCall } from "./map-request.ts";
import { polloModels } from "./models.ts";
import { sendToPollo, TEST_KEY } from "./test-support/fake-client.ts";

const PROMPT = "A paper boat drifting down a rainy street";

/** A prepared image whose signed URL points at this machine, as a served Reelay would hand out. */
const localImage = (name: string, mediaType = "image/png"): PreparedImage => ({
  ...preparedImage(Buffer.from("png"), 1280, 720, mediaType),
  signedUrl: async (ttlSeconds) => `http://127.0.0.1:8787/media/${name}.png?expires=${ttlSeconds}&signature=abc`,
});
const first = localImage("first");
const last = localImage("last");
const FIRST_URL = `http://127.0.0.1:8787/media/first.png?expires=${IMAGE_URL_TTL_SECONDS}&signature=abc`;
const LAST_URL = `http://127.0.0.1:8787/media/last.png?expires=${IMAGE_URL_TTL_SECONDS}&signature=abc`;

/** The contract suite's request for the model, with `fields` changed. */
const request = (spec: ModelSpec, fields: Partial<NormalizedRequest> = {}): NormalizedRequest => ({
  ...contractRequest(spec, PROMPT),
  ...fields,
});

const spec = (id: string): ModelSpec => {
  const found = polloModels.find((model) => model.vendorModelId === id);
  if (!found) throw new Error(`no ${id} in the catalog`);
  return found;
};

// Sora is enabled here so that its bodies are validated too; by default the fake refuses it.
const fake = createPolloFake({ apiKey: TEST_KEY, disabledModels: [] });
const sendToFake = (call: PolloCreateCall) => sendToPollo(fake, "POST", call.path, { body: call.body });

/** Whether the catalog's cross-field rules allow a combination (the catalog rejects the others first). */
function allowed(model: ModelSpec, combination: { resolution: string; durationSeconds: number }): boolean {
  return (model.constraints ?? []).every(
    (rule) =>
      !(rule.when.resolution ?? []).includes(combination.resolution as never) ||
      (rule.allow.durationSeconds ?? []).includes(combination.durationSeconds),
  );
}

/** Every (mode, aspect, resolution, duration) a catalog model offers and its constraints allow. */
function cases(model: ModelSpec) {
  const modes = (["text", "image"] as const).filter((mode) =>
    mode === "text" ? model.inputs.text : model.inputs.firstFrame,
  );
  const found = [];
  for (const mode of modes) {
    for (const aspectRatio of model.aspectRatios) {
      for (const resolution of model.resolutions) {
        for (const durationSeconds of model.durationsSeconds) {
          if (allowed(model, { resolution, durationSeconds }))
            found.push({ mode, aspectRatio, resolution, durationSeconds });
        }
      }
    }
  }
  return found;
}

describe("mapPolloRequest, for every option of every catalog model", () => {
  it.each(polloModels.map((model) => [model.id, model] as const))("%s", async (_id, model) => {
    const veo = model.vendorModelId.startsWith("google/");
    const combinations = cases(model);
    expect(combinations.length).toBeGreaterThan(0);
    for (const { mode, aspectRatio, resolution, durationSeconds } of combinations) {
      const input = request(model, {
        aspectRatio,
        resolution,
        durationSeconds,
        ...(mode === "image" ? { image: { uploadId: "upl_first" } } : {}),
      });
      const call = await mapPolloRequest(input, model, mode === "image" ? { image: first } : {});
      expect(call).toEqual({
        path: `/generation/${model.vendorModelId}`,
        api: "legacy",
        route: model.vendorModelId,
        body: {
          input: {
            prompt: PROMPT,
            ...(mode === "image" ? { image: FIRST_URL } : {}),
            length: durationSeconds,
            aspectRatio,
            // Sora 2's resolution is fixed and has no field.
            ...(model.vendorModelId === "sora/sora-2" ? {} : { resolution }),
            ...(veo ? { generateAudio: true } : {}),
          },
        },
      });
      const answer = await sendToFake(call);
      const label = `${model.id} ${mode} ${aspectRatio} ${resolution} ${durationSeconds}s`;
      expect({ label, status: answer.status, json: answer.json }).toMatchObject({
        label,
        status: 200,
        json: { code: "SUCCESS", data: { taskId: expect.stringMatching(/^cm[0-9a-f]+$/), status: "waiting" } },
      });
    }
  });
});

describe("mapPolloRequest, optional fields", () => {
  it("sends Veo's seed, negative prompt and audio switch, and the fake accepts them", async () => {
    const veo = spec("google/veo3-fast");
    const call = await mapPolloRequest(
      request(veo, { seed: -2147483647, negativePrompt: "text, watermark", audio: false, resolution: "1080p" }),
      veo,
      {},
    );
    expect(call.body).toEqual({
      input: {
        prompt: PROMPT,
        length: 8,
        aspectRatio: "16:9",
        resolution: "1080p",
        negativePrompt: "text, watermark",
        seed: -2147483647,
        generateAudio: false,
      },
    });
    expect((await sendToFake(call)).status).toBe(200);
  });

  it("carries the callback URL as top-level webhookUrl, on both routes, and none when callbacks are off", async () => {
    const callbackUrl = "https://reelay.example.com/callbacks/pollo";
    const veo = spec("google/veo3-fast");
    const legacy = await mapPolloRequest(request(veo), veo, {}, callbackUrl);
    expect(legacy.body).toEqual({ input: expect.objectContaining({ length: 8 }), webhookUrl: callbackUrl });
    expect((await sendToFake(legacy)).status).toBe(200);
    const veo31 = spec("google/veo3-1-fast");
    const frames = request(veo31, { image: { uploadId: "a" }, lastFrame: { uploadId: "b" }, durationSeconds: 6 });
    const v1 = await mapPolloRequest(frames, veo31, { image: first, lastFrame: last }, callbackUrl);
    expect(v1).toMatchObject({ api: "v1", body: { webhookUrl: callbackUrl } });
    expect((await sendToFake(v1)).status).toBe(200);
    expect((await mapPolloRequest(request(veo), veo, {}, null)).body).not.toHaveProperty("webhookUrl");
  });

  it("sends an image-only request without a prompt", async () => {
    const veo = spec("google/veo3-fast");
    const call = await mapPolloRequest(request(veo, { prompt: " ", image: { uploadId: "u" } }), veo, { image: first });
    expect(call.body.input).toEqual({
      image: FIRST_URL,
      length: 8,
      aspectRatio: "16:9",
      resolution: "720p",
      generateAudio: true,
    });
    expect((await sendToFake(call)).status).toBe(200);
  });

  it("sends a Veo 3.1 last frame as imageTail on the v1 route, with duration and no aspect", async () => {
    const veo = spec("google/veo3-1-fast");
    const input = request(veo, { image: { uploadId: "a" }, lastFrame: { uploadId: "b" }, durationSeconds: 6 });
    const call = await mapPolloRequest(input, veo, { image: first, lastFrame: last });
    expect(call).toEqual({
      path: "/v1/generation/google/veo-3-1-fast/video",
      api: "v1",
      route: "google/veo3-1-fast",
      body: {
        input: {
          prompt: PROMPT,
          image: FIRST_URL,
          imageTail: LAST_URL,
          duration: 6,
          resolution: "720p",
          generateAudio: true,
        },
      },
    });
    expect((await sendToFake(call)).status).toBe(200);
  });
});

describe("mapPolloRequest refuses what Pollo cannot take", () => {
  const sora = spec("sora/sora-2");
  const veo = spec("google/veo3-fast");
  const refusals: Array<[string, () => unknown, RegExp]> = [
    [
      "a duration the model lacks",
      () => mapPolloRequest(request(veo, { durationSeconds: 5 }), veo, {}),
      /takes 4, 6, 8 s/,
    ],
    ["a seed on Sora", () => mapPolloRequest(request(sora, { seed: 1 }), sora, {}), /takes no seed/],
    [
      "a negative prompt on Sora",
      () => mapPolloRequest(request(sora, { negativePrompt: "x" }), sora, {}),
      /no negative/,
    ],
    ["silence on Sora", () => mapPolloRequest(request(sora, { audio: false }), sora, {}), /always renders sound/],
    [
      "a 1080p Veo 3 Fast at 4k",
      () => mapPolloRequest(request(veo, { resolution: "4k" }), veo, {}),
      /resolutions 720p/,
    ],
    ["a seed out of range", () => mapPolloRequest(request(veo, { seed: 2 ** 31 }), veo, {}), /seeds between/],
    ["a text request without a prompt", () => mapPolloRequest(request(veo, { prompt: "" }), veo, {}), /needs a prompt/],
    [
      "a last frame on Veo 3 Fast",
      () => mapPolloRequest(request(veo, { image: { uploadId: "a" }, lastFrame: { uploadId: "b" } }), veo, {}),
      /takes no last frame/,
    ],
    [
      "a missing prepared image",
      () => mapPolloRequest(request(veo, { image: { uploadId: "a" } }), veo, {}),
      /prepared first frame is missing/,
    ],
    [
      "a WebP image",
      () => mapPolloRequest(request(veo, { image: { uploadId: "a" } }), veo, { image: localImage("x", "image/webp") }),
      /JPEG or PNG/,
    ],
    [
      "inline delivery",
      () =>
        mapPolloRequest(
          request(veo, { image: { uploadId: "a" } }),
          { ...veo, imageInput: { ...veo.imageInput!, delivery: "inline" } },
          { image: first },
        ),
      /only as URLs/,
    ],
    ["an unknown route", () => mapPolloRequest(request(veo), { ...veo, vendorModelId: "kling/x" }, {}), /not known/],
  ];
  it.each(refusals)("%s", async (_name, map, message) => {
    const caught = await Promise.resolve()
      .then(map)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(caught).toBeInstanceOf(PolloRequestError);
    expect((caught as Error).message).toMatch(message);
  });
});
