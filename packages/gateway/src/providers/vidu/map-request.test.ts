import { beforeAll, describe, expect, it } from "vitest";
import type { ModelSpec } from "../../core/model-spec.ts";
import type { NormalizedRequest } from "../../core/types.ts";
import { preparedImage } from "../../test-support/prepared-image.ts";
import type { PreparedImage } from "../provider.ts";
import { createViduFake } from "./fake.ts";
import { mapViduRequest, ViduRequestError, type ViduCreateCall } from "./map-request.ts";
import { viduModels } from "./models.ts";
import { callFake, TEST_KEY } from "./test-support/fake-client.ts";
import { solidImage } from "./test-support/images.ts";
import { modelByVendorId, requestFor } from "../../test-support/spec-request.ts";

const PROMPT = "A paper boat drifts down a rainy street";
const PAYLOAD = "job_map";

/** Which field carries Reelay's `audio` per model (the catalog's note in models.ts). */
const SOUND_FIELD: Record<string, "bgm" | "audio" | null> = {
  "vidu1.5": "bgm",
  viduq1: null,
  viduq2: "bgm",
  "viduq3-turbo": "audio",
  "viduq3-pro": "audio",
};

const fake = createViduFake({ apiKey: TEST_KEY });
const send = async (call: ViduCreateCall) => callFake(fake, "POST", call.endpoint, { body: call.body });

const request = (spec: ModelSpec, fields: Partial<NormalizedRequest> = {}) =>
  requestFor(spec, { prompt: PROMPT, ...fields });

const spec = (id: string): ModelSpec => modelByVendorId(viduModels, id);

/** Whether the catalog's own cross-field rules allow these values. */
function allowed(
  model: ModelSpec,
  values: Pick<NormalizedRequest, "durationSeconds" | "resolution" | "audio">,
): boolean {
  return model.constraints.every(({ when, allow }) => {
    const applies =
      (when.durationSeconds === undefined || when.durationSeconds.includes(values.durationSeconds)) &&
      (when.resolution === undefined || when.resolution.includes(values.resolution)) &&
      (when.audio === undefined || when.audio === values.audio);
    if (!applies) return true;
    return (
      (allow.durationSeconds === undefined || allow.durationSeconds.includes(values.durationSeconds)) &&
      (allow.resolution === undefined || allow.resolution.includes(values.resolution)) &&
      (allow.audio === undefined || allow.audio === values.audio)
    );
  });
}

function soundOf(model: ModelSpec, audio: boolean): Record<string, boolean> {
  const field = SOUND_FIELD[model.vendorModelId];
  if (field === undefined) throw new Error(`no sound rule for ${model.vendorModelId}`);
  if (field === "audio") return { audio };
  return field === "bgm" && audio ? { bgm: true } : {};
}

const audioValues = (model: ModelSpec) => (model.audio === "optional" ? [false, true] : [model.audio === "always"]);

describe("mapViduRequest, text2video for every option of every catalog model", () => {
  it.each(viduModels.map((model) => [model.id, model] as const))("%s", async (_id, model) => {
    let sent = 0;
    for (const aspectRatio of model.aspectRatios) {
      for (const resolution of model.resolutions) {
        for (const durationSeconds of model.durationsSeconds) {
          for (const audio of audioValues(model)) {
            const label = `${model.id} ${aspectRatio} ${resolution} ${durationSeconds}s audio=${audio}`;
            const input = request(model, { aspectRatio, resolution, durationSeconds, audio });
            if (!allowed(model, input)) continue;
            const call = await mapViduRequest(input, model, {}, PAYLOAD);
            expect(call, label).toEqual({
              endpoint: "/text2video",
              body: {
                model: model.vendorModelId,
                prompt: PROMPT,
                duration: durationSeconds,
                aspect_ratio: aspectRatio,
                resolution,
                ...soundOf(model, audio),
                payload: PAYLOAD,
              },
              warnings: [],
            });
            const answer = await send(call);
            expect(answer.status, `${label}: ${answer.text}`).toBe(200);
            expect(answer.json).toMatchObject({ task_id: expect.stringMatching(/^\d{18}$/), state: "created" });
            sent++;
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(0);
  });

  it("never sends 5 s to vidu1.5 (it is viduq1's duration), and the fake refuses it too", async () => {
    const model = spec("vidu1.5");
    await expect(mapViduRequest(request(model, { durationSeconds: 5 }), model, {}, PAYLOAD)).rejects.toThrow(
      /takes 4, 8 s, not 5 s/,
    );
    const answer = await callFake(fake, "POST", "/text2video", {
      body: { model: "vidu1.5", prompt: "x", duration: 5 },
    });
    expect(answer).toMatchObject({
      status: 400,
      json: { code: 400, reason: "FieldInvalid", message: "invalid field: duration" },
    });
  });

  it("refuses vidu1.5 at 8 s other than 720p, as Vidu does", async () => {
    const model = spec("vidu1.5");
    for (const resolution of ["360p", "1080p"] as const) {
      await expect(
        mapViduRequest(request(model, { durationSeconds: 8, resolution }), model, {}, PAYLOAD),
      ).rejects.toThrow(ViduRequestError);
      const answer = await callFake(fake, "POST", "/text2video", {
        body: { model: "vidu1.5", prompt: "x", duration: 8, resolution },
      });
      expect(answer.json).toMatchObject({ reason: "FieldInvalid", message: "invalid field: resolution" });
    }
  });
});

describe("mapViduRequest, image routes", () => {
  let first: PreparedImage;
  let last: PreparedImage;
  let firstUri: string;
  let lastUri: string;

  beforeAll(async () => {
    const png = await solidImage(64, 36);
    const jpeg = await solidImage(60, 36, "jpeg");
    first = preparedImage(png, 64, 36);
    last = preparedImage(jpeg, 60, 36, "image/jpeg");
    firstUri = `data:image/png;base64,${png.toString("base64")}`;
    lastUri = `data:image/jpeg;base64,${jpeg.toString("base64")}`;
  });

  const imageModels = viduModels.filter((model) => model.inputs.firstFrame);

  it.each(imageModels.map((model) => [model.id, model] as const))(
    "%s: img2video and start-end2video for every duration and resolution",
    async (_id, model) => {
      for (const resolution of model.resolutions) {
        for (const durationSeconds of model.durationsSeconds) {
          const input = request(model, { resolution, durationSeconds, audio: false, image: { uploadId: "upl_1" } });
          if (!allowed(model, input)) continue;
          const single = await mapViduRequest(input, model, { image: first }, PAYLOAD);
          const body = {
            model: model.vendorModelId,
            prompt: PROMPT,
            duration: durationSeconds,
            resolution,
            ...soundOf(model, false),
            payload: PAYLOAD,
          };
          expect(single).toEqual({ endpoint: "/img2video", body: { ...body, images: [firstUri] }, warnings: [] });
          expect((await send(single)).status, `${model.id} img ${resolution} ${durationSeconds}`).toBe(200);
          if (!model.inputs.lastFrame) continue;
          const pair = await mapViduRequest(
            { ...input, lastFrame: { uploadId: "upl_2" } },
            model,
            { image: first, lastFrame: last },
            PAYLOAD,
          );
          expect(pair).toEqual({
            endpoint: "/start-end2video",
            body: { ...body, images: [firstUri, lastUri] },
            warnings: [],
          });
          expect((await send(pair)).status, `${model.id} start-end ${resolution} ${durationSeconds}`).toBe(200);
        }
      }
    },
  );

  it("leaves the prompt out when there is none (optional with images)", async () => {
    const model = spec("viduq1");
    const call = await mapViduRequest(
      request(model, { prompt: " ", image: { uploadId: "u" } }),
      model,
      { image: first },
      PAYLOAD,
    );
    expect(call.body).not.toHaveProperty("prompt");
    expect((await send(call)).status).toBe(200);
  });

  it("refuses what a model cannot take, before anything is sent", async () => {
    const q2 = spec("viduq2");
    await expect(
      mapViduRequest(request(q2, { image: { uploadId: "u" } }), q2, { image: first }, PAYLOAD),
    ).rejects.toThrow(/takes no start frame/);
    const q1 = spec("viduq1");
    const gif = { ...first, mediaType: "image/gif" };
    await expect(
      mapViduRequest(request(q1, { image: { uploadId: "u" } }), q1, { image: gif }, PAYLOAD),
    ).rejects.toThrow(/JPEG, PNG or WebP/);
    await expect(mapViduRequest(request(q1, { image: { uploadId: "u" } }), q1, {}, PAYLOAD)).rejects.toThrow(/missing/);
    await expect(
      mapViduRequest(request(q1, { lastFrame: { uploadId: "u" } }), q1, { lastFrame: last }, PAYLOAD),
    ).rejects.toThrow(/start frame with an end frame/);
    await expect(mapViduRequest(request(q1, { negativePrompt: "rain" }), q1, {}, PAYLOAD)).rejects.toThrow(/negative/);
    await expect(mapViduRequest(request(q1, { prompt: "" }), q1, {}, PAYLOAD)).rejects.toThrow(/needs a prompt/);
    await expect(mapViduRequest(request(q1, { audio: true }), q1, {}, PAYLOAD)).rejects.toThrow(/cannot add audio/);
    const old = spec("vidu1.5");
    await expect(mapViduRequest(request(old, { prompt: "x".repeat(1501) }), old, {}, PAYLOAD)).rejects.toThrow(/1500/);
  });
});

describe("mapViduRequest, optional fields", () => {
  it("sends seed and movement_amplitude, and the fake echoes them", async () => {
    const model = spec("vidu1.5");
    const call = await mapViduRequest(
      request(model, { seed: 421337, providerOptions: { movementAmplitude: "large" } }),
      model,
      {},
      PAYLOAD,
    );
    expect(call.body).toMatchObject({ seed: 421337, movement_amplitude: "large" });
    expect((await send(call)).json).toMatchObject({ seed: 421337, movement_amplitude: "large", payload: PAYLOAD });
  });

  it("carries the callback URL as callback_url, on image routes too, and none when callbacks are off", async () => {
    const callbackUrl = "https://reelay.example.com/callbacks/vidu?job=job_1";
    const q1 = spec("viduq1");
    const text = await mapViduRequest(request(q1), q1, {}, PAYLOAD, callbackUrl);
    expect(text.body).toMatchObject({ payload: PAYLOAD, callback_url: callbackUrl });
    expect((await send(text)).status).toBe(200);
    const frame = preparedImage(await solidImage(64, 36), 64, 36);
    const image = await mapViduRequest(
      request(q1, { image: { uploadId: "u" } }),
      q1,
      { image: frame },
      PAYLOAD,
      callbackUrl,
    );
    expect(image).toMatchObject({ endpoint: "/img2video", body: { callback_url: callbackUrl } });
    expect((await send(image)).status).toBe(200);
    expect((await mapViduRequest(request(q1), q1, {}, PAYLOAD, null)).body).not.toHaveProperty("callback_url");
  });

  it("warns that seed 0 means random on Vidu, and the fake echoes the seed it drew", async () => {
    const model = spec("viduq2");
    const call = await mapViduRequest(request(model, { seed: 0 }), model, {}, PAYLOAD);
    expect(call.warnings).toEqual([{ code: "seed_randomized", message: expect.stringContaining("random") }]);
    expect((await send(call)).json.seed).toBeGreaterThan(0);
  });

  it("refuses movementAmplitude on q2/q3, which ignore it, and unknown options", async () => {
    const q3 = spec("viduq3-turbo");
    await expect(
      mapViduRequest(request(q3, { providerOptions: { movementAmplitude: "small" } }), q3, {}, PAYLOAD),
    ).rejects.toThrow(/ignores movementAmplitude/);
    const q1 = spec("viduq1");
    await expect(mapViduRequest(request(q1, { providerOptions: { style: "anime" } }), q1, {}, PAYLOAD)).rejects.toThrow(
      /remove style/,
    );
    await expect(
      mapViduRequest(request(q1, { providerOptions: { movementAmplitude: "huge" } }), q1, {}, PAYLOAD),
    ).rejects.toThrow(/not one of/);
  });
});
