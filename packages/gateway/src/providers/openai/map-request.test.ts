import { describe, expect, it } from "vitest";
import { frameSize } from "../../core/frame-size.ts";
import type { ModelSpec } from "../../core/model-spec.ts";
import type { NormalizedRequest } from "../../core/types.ts";
import { createOpenAiFake } from "./fake.ts";
import { encodeCreateRequest, mapCreateRequest, openAiSize, UnmappableRequestError } from "./map-request.ts";
import { openaiModels } from "./models.ts";
import { openAiRequest, openAiSpec, preparedImage, TEST_KEY } from "./test-support/fixtures.ts";

/** Every request shape the catalog allows for every OpenAI model, with and without a first frame. */
const cases = openaiModels.flatMap((spec) =>
  spec.aspectRatios.flatMap((aspectRatio) =>
    spec.resolutions.flatMap((resolution) =>
      spec.durationsSeconds.flatMap((durationSeconds) =>
        (spec.inputs.firstFrame ? [false, true] : [false]).map((withImage) => ({
          name: `${spec.id} ${aspectRatio} ${resolution} ${durationSeconds}s ${withImage ? "image" : "text"}`,
          spec,
          request: openAiRequest(spec, {
            aspectRatio,
            resolution,
            durationSeconds,
            ...(withImage ? { image: { uploadId: "upl_first" } } : {}),
          }),
          withImage,
        })),
      ),
    ),
  ),
);

/** What OpenAI must receive, derived independently of the adapter: size from Reelay's frame sizes. */
function expectedFields(spec: ModelSpec, request: NormalizedRequest) {
  const { width, height } = frameSize(request.aspectRatio, request.resolution);
  return {
    model: spec.vendorModelId,
    prompt: request.prompt,
    size: `${width}x${height}`,
    seconds: String(request.durationSeconds),
  };
}

describe("mapCreateRequest, for every shape the catalog offers", () => {
  it("covers every model, ratio, resolution and duration", () => {
    const expected = openaiModels.reduce(
      (sum, spec) => sum + spec.aspectRatios.length * spec.resolutions.length * spec.durationsSeconds.length * 2,
      0,
    );
    expect(cases).toHaveLength(expected);
    expect(cases.length).toBeGreaterThanOrEqual(36);
  });

  const fake = createOpenAiFake({ apiKey: TEST_KEY });

  it.each(cases.map((testCase) => [testCase.name, testCase] as const))("%s", async (_name, testCase) => {
    const { spec, request, withImage } = testCase;
    const fields = expectedFields(spec, request);
    const [width, height] = fields.size.split("x").map(Number) as [number, number];
    const image = withImage ? await preparedImage(width, height) : undefined;
    const create = await mapCreateRequest(request, spec, image ? { image } : {});
    const encoded = encodeCreateRequest(create);

    if (image === undefined) {
      // JSON, `seconds` a string, nothing else in the body.
      expect(encoded.headers).toEqual({ "content-type": "application/json" });
      expect(JSON.parse(encoded.body as string)).toStrictEqual(fields);
    } else {
      // Multipart: the four text fields and the exact image bytes as the `input_reference` file.
      expect(encoded.headers).toEqual({});
      const form = encoded.body as FormData;
      const parts = [...form.entries()];
      expect(parts.map(([name]) => name)).toEqual(["model", "prompt", "size", "seconds", "input_reference"]);
      expect(Object.fromEntries(parts.filter(([name]) => name !== "input_reference"))).toStrictEqual(fields);
      const file = form.get("input_reference") as File;
      expect(file.type).toBe("image/png");
      expect(file.name).toBe("first-frame.png");
      expect(Buffer.from(await file.arrayBuffer()).equals(image.bytes)).toBe(true);
    }

    // The fake (OpenAI's rules, kept apart from the adapter's) accepts it as sent.
    const response = await fake.app.fetch(
      new Request("http://fake.test/v1/videos", {
        method: "POST",
        headers: { ...encoded.headers, authorization: `Bearer ${TEST_KEY}` },
        body: encoded.body,
      }),
    );
    const body = (await response.json()) as Record<string, unknown>;
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({
      object: "video",
      status: "queued",
      model: fields.model,
      size: fields.size,
      seconds: fields.seconds,
    });
  });
});

describe("mapCreateRequest, refusals before anything is sent", () => {
  const spec = openAiSpec("sora-2");

  it("names a shape OpenAI has no size for", () => {
    expect(openAiSize("16:9", "720p")).toBe("1280x720");
    expect(() => openAiSize("1:1", "720p")).toThrow(UnmappableRequestError);
    expect(() => openAiSize("16:9", "480p")).toThrow(/no size for 16:9 at 480p/);
  });

  it("refuses a prepared image of another size, a missing image and a last frame", async () => {
    const request = openAiRequest(spec, { aspectRatio: "16:9", image: { uploadId: "upl_1" } });
    const wrong = await preparedImage(1280, 704);
    await expect(mapCreateRequest(request, spec, { image: wrong })).rejects.toThrow(
      /1280x704 but OpenAI needs exactly 1280x720/,
    );
    await expect(mapCreateRequest(request, spec, {})).rejects.toThrow(/none was prepared/);
    const right = await preparedImage(1280, 720);
    const withLast = { ...request, lastFrame: { uploadId: "upl_2" } };
    await expect(mapCreateRequest(withLast, spec, { image: right, lastFrame: right })).rejects.toThrow(/no last frame/);
  });

  it("refuses fractional seconds", async () => {
    await expect(mapCreateRequest(openAiRequest(spec, { durationSeconds: 4.5 }), spec, {})).rejects.toThrow(
      /whole seconds/,
    );
  });

  it("names JPEG and WebP files by their type", async () => {
    for (const format of ["jpeg", "webp"] as const) {
      const image = await preparedImage(720, 1280, format);
      const create = await mapCreateRequest(openAiRequest(spec, { image: { uploadId: "upl_1" } }), spec, { image });
      expect(create.inputReference).toMatchObject({
        mediaType: `image/${format}`,
        filename: `first-frame.${format === "jpeg" ? "jpg" : "webp"}`,
      });
    }
  });
});
