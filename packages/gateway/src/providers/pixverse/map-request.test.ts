import { describe, expect, it } from "vitest";
import type { ModelSpec } from "../../core/model-spec.ts";
import type { AspectRatio, Resolution } from "../../core/types.ts";
import { mapPixverseRequest, PixverseRequestError } from "./map-request.ts";
import { pixverseModels } from "./models.ts";
import { pixverseRequest, pixverseSpec, setupFake, solidPng } from "./test-support/fake-client.ts";

interface Combination {
  durationSeconds: number;
  aspectRatio: AspectRatio;
  resolution: Resolution;
}

/** Whether the catalog's cross-field constraints let `values` through (the catalog rejects the rest). */
function allowedByConstraints(model: ModelSpec, values: Combination): boolean {
  const matches = (rule: Partial<Record<keyof Combination, unknown[]>>) =>
    (Object.keys(rule) as Array<keyof Combination>).every((field) => rule[field]?.includes(values[field]) ?? true);
  return model.constraints.every((constraint) => !matches(constraint.when) || matches(constraint.allow));
}

/** Every (duration, aspect, quality) a catalog model offers. */
function combinations(model: ModelSpec): Combination[] {
  return model.durationsSeconds.flatMap((durationSeconds) =>
    model.aspectRatios.flatMap((aspectRatio) =>
      model.resolutions.map((resolution) => ({ durationSeconds, aspectRatio, resolution })),
    ),
  );
}

const { send, upload } = setupFake();

describe("mapPixverseRequest, text-to-video, for every option of every catalog model", () => {
  it.each(pixverseModels.map((model) => [model.id, model] as const))("%s", async (_id, model) => {
    const all = combinations(model).filter((values) => allowedByConstraints(model, values));
    expect(all.length).toBeGreaterThan(0);
    for (const values of all) {
      const call = mapPixverseRequest(pixverseRequest(model, values), model);
      expect(call).toEqual({
        endpoint: "/video/text/generate",
        body: {
          model: model.vendorModelId,
          prompt: "A red fox trotting through fresh snow",
          aspect_ratio: values.aspectRatio,
          duration: values.durationSeconds,
          quality: values.resolution,
          ...(model.audio === "optional" ? { generate_audio_switch: false } : {}),
        },
      });
      const answer = await send("POST", call.endpoint, { json: call.body });
      expect(answer.json, `${model.id} ${JSON.stringify(values)}`).toMatchObject({ ErrCode: 0 });
    }
  });

  it("sends the seed's PixVerse V4.5 request exactly as the reference writes it", () => {
    const spec = pixverseSpec("v4.5");
    const request = pixverseRequest(spec, { prompt: "A beautiful sunset over mountains" });
    expect(mapPixverseRequest(request, spec).body).toEqual({
      model: "v4.5",
      prompt: "A beautiful sunset over mountains",
      aspect_ratio: "16:9",
      duration: 5,
      quality: "720p",
    });
  });

  it("adds negative prompt, seed and the audio switch where the model has one", async () => {
    const spec = pixverseSpec("v5.5");
    const call = mapPixverseRequest(
      pixverseRequest(spec, { negativePrompt: "text, watermark", seed: 123456, audio: true, aspectRatio: "9:16" }),
      spec,
    );
    expect(call.body).toEqual({
      model: "v5.5",
      prompt: "A red fox trotting through fresh snow",
      negative_prompt: "text, watermark",
      seed: 123456,
      generate_audio_switch: true,
      aspect_ratio: "9:16",
      duration: 5,
      quality: "720p",
    });
    expect((await send("POST", call.endpoint, { json: call.body })).json).toMatchObject({ ErrCode: 0 });
  });

  it.each([
    ["a duration the model lacks", "v4.5", { durationSeconds: 10 }, /5, 8 s/],
    ["an aspect ratio the model lacks", "v4.5", { aspectRatio: "21:9" }, /21:9/],
    ["a resolution PixVerse lacks", "v4.5", { resolution: "4k" }, /4k/],
    ["audio on a silent model", "v5", { audio: true }, /audio/],
    ["a seed out of range", "v5", { seed: 2_147_483_648 }, /seed/],
    ["an empty prompt", "v5", { prompt: "  " }, /prompt/],
    ["a prompt over the model's limit", "v4.5", { prompt: "x".repeat(2049) }, /2048/],
    ["a negative prompt over 2048", "v6", { negativePrompt: "x".repeat(2049) }, /2048/],
  ] as const)("refuses %s", (_name, model, fields, message) => {
    const spec = pixverseSpec(model);
    expect(() => mapPixverseRequest(pixverseRequest(spec, fields as never), spec)).toThrow(PixverseRequestError);
    expect(() => mapPixverseRequest(pixverseRequest(spec, fields as never), spec)).toThrow(message);
  });
});

describe("mapPixverseRequest, image-to-video", () => {
  it.each(pixverseModels.map((model) => [model.id, model] as const))(
    "%s: upload, then /video/img/generate with img_id and no aspect_ratio, every duration and quality",
    async (_id, model) => {
      const uploaded = await upload(await solidPng(64, 36));
      expect(uploaded.json).toEqual({ ErrCode: 0, ErrMsg: "success", Resp: { img_id: expect.any(Number) } });
      const imgId = uploaded.json.Resp.img_id as number;
      const all = combinations(model).filter((values) => values.aspectRatio === model.defaults.aspectRatio);
      for (const values of all.filter((value) => allowedByConstraints(model, value))) {
        const request = pixverseRequest(model, { ...values, image: { uploadId: "upl_first" } });
        const call = mapPixverseRequest(request, model, { image: String(imgId) });
        expect(call).toEqual({
          endpoint: "/video/img/generate",
          body: {
            model: model.vendorModelId,
            prompt: request.prompt,
            img_id: imgId,
            duration: values.durationSeconds,
            quality: values.resolution,
            ...(model.audio === "optional" ? { generate_audio_switch: false } : {}),
          },
        });
        expect((await send("POST", call.endpoint, { json: call.body })).json, JSON.stringify(values)).toMatchObject({
          ErrCode: 0,
        });
      }
    },
  );

  it("maps first + last frame to /video/transition/generate with first_frame_img and last_frame_img", async () => {
    const spec = pixverseSpec("v5");
    const first = (await upload(await solidPng(64, 36))).json.Resp.img_id as number;
    const last = (await upload(await solidPng(64, 36))).json.Resp.img_id as number;
    const request = pixverseRequest(spec, { image: { uploadId: "a" }, lastFrame: { uploadId: "b" } });
    const call = mapPixverseRequest(request, spec, { image: String(first), lastFrame: String(last) });
    expect(call).toEqual({
      endpoint: "/video/transition/generate",
      body: {
        model: "v5",
        prompt: request.prompt,
        first_frame_img: first,
        last_frame_img: last,
        duration: 5,
        quality: "720p",
      },
    });
    expect((await send("POST", call.endpoint, { json: call.body })).json).toMatchObject({ ErrCode: 0 });
  });

  it("refuses a missing or unusable image id, and a last frame without a first", () => {
    const spec = pixverseSpec("v5");
    const withImage = pixverseRequest(spec, { image: { uploadId: "a" } });
    expect(() => mapPixverseRequest(withImage, spec)).toThrow(/image id/);
    expect(() => mapPixverseRequest(withImage, spec, { image: "99999999999999999999" })).toThrow(/image id/);
    expect(() => mapPixverseRequest(pixverseRequest(spec, { lastFrame: { uploadId: "b" } }), spec)).toThrow(
      /first frame/,
    );
  });
});
