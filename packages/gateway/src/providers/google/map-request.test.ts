import { describe, expect, it } from "vitest";
import { createGoogleFake } from "./fake.ts";
import { geminiCreateUrl, mapGeminiRequest } from "./map-request.ts";
import { googleModels } from "./models.ts";
import { runOnFake, testImage, veoCases, veoContext } from "./test-support/veo-cases.ts";
import { VeoRequestError } from "./veo-options.ts";

const first = await testImage("png");
const last = await testImage("jpeg", { r: 20, g: 120, b: 220 });
const encoded = { first: (await first.read()).toString("base64"), last: (await last.read()).toString("base64") };
const KEY = "gemini-map-key";
const BASE = "http://gemini.fake/v1beta";

function fakeFor() {
  const clock = { nowMs: 1_700_000_000_000 };
  // Retired ids are served too: this checks bodies, not lifecycles.
  const fake = createGoogleFake({ apiKey: KEY, retiredModels: [], now: () => clock.nowMs });
  return { fake, clock };
}

describe.each(googleModels.map((spec) => [spec.id, spec] as const))("Gemini API body for %s", (_id, spec) => {
  const cases = veoCases(spec, "gemini", first, last, encoded);
  const { fake, clock } = fakeFor();

  it("uses every aspect ratio, duration and resolution the catalog offers", () => {
    const used = (pick: (request: (typeof cases)[number]["request"]) => unknown) =>
      new Set(cases.map((item) => pick(item.request)));
    expect([...used((request) => request.aspectRatio)].toSorted()).toEqual(spec.aspectRatios.toSorted());
    expect([...used((request) => request.durationSeconds)].toSorted()).toEqual(spec.durationsSeconds.toSorted());
    expect([...used((request) => request.resolution)].toSorted()).toEqual(spec.resolutions.toSorted());
  });

  it.each(cases.map((item) => [item.name, item] as const))(
    "%s: exact body, accepted by the fake",
    async (_name, item) => {
      const body = await mapGeminiRequest(item.request, veoContext(spec, { image: first, lastFrame: last }));
      expect(body).toStrictEqual(item.expected);
      const result = await runOnFake(
        fake.app,
        clock,
        { url: geminiCreateUrl(BASE, spec.vendorModelId), headers: { "x-goog-api-key": KEY } },
        (name) => new Request(`${BASE}/${name}`, { headers: { "x-goog-api-key": KEY } }),
        body,
      );
      expect(result.createStatus, JSON.stringify(result.createBody)).toBe(200);
      expect(result.operation).toMatchObject({
        done: true,
        response: { generateVideoResponse: { generatedSamples: [{}] } },
      });
      expect(result.operation?.error).toBeUndefined();
    },
  );
});

describe("Gemini API body details", () => {
  const veo2 = googleModels.find((spec) => spec.vendorModelId === "veo-2.0-generate-001");
  const veo31 = googleModels.find((spec) => spec.vendorModelId === "veo-3.1-generate-preview");
  if (!veo2 || !veo31) throw new Error("catalog lost its Veo models");
  const base = {
    model: veo2.id,
    prompt: "A lighthouse at dusk",
    durationSeconds: 8,
    aspectRatio: "16:9" as const,
    resolution: "720p" as const,
    audio: false,
    providerOptions: {},
    metadata: {},
  };

  it("adds the negative prompt and personGeneration only when given", async () => {
    const body = await mapGeminiRequest(
      { ...base, negativePrompt: "blur, text", providerOptions: { personGeneration: "dont_allow" } },
      veoContext(veo2),
    );
    expect(body.parameters).toStrictEqual({
      aspectRatio: "16:9",
      durationSeconds: 8,
      sampleCount: 1,
      negativePrompt: "blur, text",
      personGeneration: "dont_allow",
    });
  });

  it("leaves the prompt out of an image-only request", async () => {
    const body = await mapGeminiRequest(
      { ...base, prompt: "", image: { uploadId: "upl_1" } },
      veoContext(veo2, { image: first }),
    );
    expect(body.instances[0]).toStrictEqual({ image: { bytesBase64Encoded: encoded.first, mimeType: "image/png" } });
  });

  it("refuses what the Gemini API cannot take instead of dropping it", async () => {
    await expect(mapGeminiRequest({ ...base, seed: 7 }, veoContext(veo2))).rejects.toBeInstanceOf(VeoRequestError);
    const veo3 = { ...base, model: veo31.id, audio: true };
    await expect(mapGeminiRequest({ ...veo3, audio: false }, veoContext(veo31))).rejects.toThrow(
      /always generates audio/,
    );
    // allow_all is a text-to-video value on Veo 3.x; with an image only allow_adult is taken.
    await expect(
      mapGeminiRequest(
        { ...veo3, image: { uploadId: "upl_1" }, providerOptions: { personGeneration: "allow_all" } },
        veoContext(veo31, { image: first }),
      ),
    ).rejects.toThrow(/image-to-video takes allow_adult/);
    const withLastFrame = { ...veo3, image: { uploadId: "upl_1" }, lastFrame: { uploadId: "upl_2" } };
    const images = { image: first, lastFrame: last };
    await expect(mapGeminiRequest({ ...withLastFrame, durationSeconds: 6 }, veoContext(veo31, images))).rejects.toThrow(
      /last frame only for 8-second videos/,
    );
  });
});
