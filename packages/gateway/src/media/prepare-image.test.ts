import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { frameSize } from "../core/frame-size.ts";
import type { ImageRequirements } from "../core/model-spec.ts";
import { ingestImage } from "./image-ingest.ts";
import { ImageUnsuitableError, prepareImage, type ImageUnsuitableReason } from "./prepare-image.ts";
import { makeTestImage, type Rgb } from "./test-support/make-test-image.ts";

/** Runway's `promptImage` as a data URI: ≤ 5 MB encoded (≈ 3.3 MB of image), 1:2 to 2:1. */
const RUNWAY_LIKE: ImageRequirements = {
  formats: ["jpeg", "png", "webp"],
  maxBytes: 3_300_000,
  maxSidePx: 8000,
  aspectRange: { min: 0.5, max: 2 },
  fit: "crop",
  delivery: "inline",
};
/** Sora's `input_reference`: must match the video's `size` exactly. */
const SORA_LIKE: ImageRequirements = {
  formats: ["jpeg", "png", "webp"],
  maxBytes: 15_000_000,
  match: "exact_size",
  fit: "crop",
  delivery: "inline",
};
/** Pollo: a public URL to a JPG or PNG, 1:4 to 4:1. */
const POLLO_LIKE: ImageRequirements = {
  formats: ["jpeg", "png"],
  maxBytes: 10_000_000,
  aspectRange: { min: 0.25, max: 4 },
  fit: "crop",
  delivery: "url",
};
const FRAME_16_9 = frameSize("16:9", "720p");

async function decoded(bytes: Buffer) {
  const metadata = await sharp(bytes).metadata();
  return { format: metadata.format, width: metadata.width, height: metadata.height, hasAlpha: metadata.hasAlpha };
}

async function meanColor(image: Buffer, region: { left: number; top: number; width: number; height: number }) {
  const { data, info } = await sharp(image).extract(region).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const sums = [0, 0, 0];
  for (let index = 0; index < data.length; index++) sums[index % 3] = (sums[index % 3] ?? 0) + (data[index] ?? 0);
  return sums.map((sum) => sum / (info.width * info.height));
}

function expectColor(actual: number[], expected: Rgb): void {
  actual.forEach((channel, index) => expect(Math.abs(channel - (expected[index] ?? 0))).toBeLessThan(30));
}

async function expectUnsuitable(promise: Promise<unknown>, reason: ImageUnsuitableReason) {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ImageUnsuitableError);
  expect((error as ImageUnsuitableError).reason).toBe(reason);
  return error as ImageUnsuitableError;
}

describe("prepareImage for a Runway-like model (inline, 3.3 MB, 1:2–2:1)", () => {
  it("crops a 3:1 panorama to 2:1 around its centre", async () => {
    const panorama = await makeTestImage({ width: 3000, height: 1000, format: "jpeg", pattern: "thirds" });
    const result = await prepareImage(panorama, RUNWAY_LIKE, FRAME_16_9);
    expect(result.warnings).toEqual([
      {
        code: "image_cropped",
        message: "The image was cropped from 3000×1000 to 2000×1000 to 2:1, the widest shape this model accepts.",
      },
    ]);
    expect([result.mediaType, result.width, result.height]).toEqual(["image/jpeg", 2000, 1000]);
    expect(await decoded(result.bytes)).toMatchObject({ format: "jpeg", width: 2000, height: 1000 });
    // 500 px came off each side: the edges are now in the red and blue thirds, the middle green.
    expectColor(await meanColor(result.bytes, { left: 0, top: 400, width: 400, height: 200 }), [255, 0, 0]);
    expectColor(await meanColor(result.bytes, { left: 800, top: 400, width: 400, height: 200 }), [0, 255, 0]);
    expectColor(await meanColor(result.bytes, { left: 1600, top: 400, width: 400, height: 200 }), [0, 0, 255]);
  });

  it("crops a very tall image to 1:2", async () => {
    const tall = await makeTestImage({ width: 500, height: 1600, format: "png", pattern: "gradient" });
    const result = await prepareImage(tall, RUNWAY_LIKE, FRAME_16_9);
    expect(result.warnings.map((warning) => warning.code)).toEqual(["image_cropped"]);
    expect(result.warnings[0]?.message).toContain("to 1:2, the tallest shape this model accepts");
    expect(await decoded(result.bytes)).toMatchObject({ format: "png", width: 500, height: 1000 });
  });

  it("re-encodes a huge noisy PNG as JPEG at a lower quality to fit 3.3 MB", async () => {
    const png = await makeTestImage({ width: 3000, height: 2000, format: "png", pattern: "noise" });
    expect(png.length).toBeGreaterThan(RUNWAY_LIKE.maxBytes);
    const result = await prepareImage(png, RUNWAY_LIKE, FRAME_16_9);
    expect(result.bytes.length).toBeLessThanOrEqual(RUNWAY_LIKE.maxBytes);
    expect(result.warnings.map((warning) => warning.code)).toEqual(["image_converted", "image_recompressed"]);
    expect(result.warnings[0]?.message).toMatch(
      /^The image was converted from PNG to JPEG to fit the model's 3\.3 MB limit \(as PNG it was 18 MB\)\.$/,
    );
    expect(result.warnings[1]?.message).toMatch(
      /^The image was re-encoded as JPEG at quality \d0 to fit the model's 3\.3 MB limit\.$/,
    );
    expect([result.mediaType, result.width, result.height]).toEqual(["image/jpeg", 3000, 2000]);
    expect(await decoded(result.bytes)).toMatchObject({ format: "jpeg", width: 3000, height: 2000 });
    // Same input, same bytes.
    expect((await prepareImage(png, RUNWAY_LIKE, FRAME_16_9)).bytes.equals(result.bytes)).toBe(true);
  });

  it("scales down when even the lowest quality is too large", async () => {
    const noisy = await makeTestImage({ width: 1600, height: 1200, format: "jpeg", pattern: "noise" });
    const tight = { ...RUNWAY_LIKE, maxBytes: 150_000 };
    const result = await prepareImage(noisy, tight, FRAME_16_9);
    expect(result.bytes.length).toBeLessThanOrEqual(150_000);
    expect(result.warnings.map((warning) => warning.code)).toEqual(["image_recompressed", "image_resized"]);
    expect(result.warnings[0]?.message).toContain("JPEG at quality 50");
    expect(result.width).toBeLessThan(1600);
    expect(result.width / result.height).toBeCloseTo(4 / 3, 2);
    expect(await decoded(result.bytes)).toMatchObject({ format: "jpeg", width: result.width, height: result.height });
  });

  it("scales an image down to maxSidePx", async () => {
    const image = await makeTestImage({ width: 1600, height: 1200, format: "webp", pattern: "gradient" });
    const result = await prepareImage(image, { ...RUNWAY_LIKE, maxSidePx: 1000 }, FRAME_16_9);
    expect(result.warnings).toEqual([
      {
        code: "image_resized",
        message:
          "The image was scaled down from 1600×1200 to 1000×750; this model accepts at most 1000 px on the longest side.",
      },
    ]);
    expect(await decoded(result.bytes)).toMatchObject({ format: "webp", width: 1000, height: 750 });
  });

  it("hands an ingested image that already fits over untouched", async () => {
    const ingested = await ingestImage(await makeTestImage({ width: 1280, height: 720, format: "jpeg" }), {
      maxBytes: 10_000_000,
      maxPixels: 50_000_000,
    });
    const result = await prepareImage(ingested.bytes, RUNWAY_LIKE, FRAME_16_9);
    expect(result.warnings).toEqual([]);
    expect(result.bytes).toBe(ingested.bytes);
    expect([result.mediaType, result.width, result.height]).toEqual(["image/jpeg", 1280, 720]);
  });
});

describe("prepareImage for a Sora-like model (exact frame size)", () => {
  it("crops and scales a square image to exactly 1280×720", async () => {
    const square = await makeTestImage({ width: 1000, height: 1000, format: "png", pattern: "gradient" });
    const result = await prepareImage(square, SORA_LIKE, FRAME_16_9);
    expect(result.warnings).toEqual([
      {
        code: "image_cropped",
        message: "The image was cropped from 1000×1000 to 1000×563 to match the video's 16:9 frame.",
      },
      {
        code: "image_resized",
        message: "The image was scaled up from 1000×563 to 1280×720, the exact frame size this model requires.",
      },
    ]);
    expect([result.mediaType, result.width, result.height]).toEqual(["image/png", 1280, 720]);
    expect(await decoded(result.bytes)).toMatchObject({ format: "png", width: 1280, height: 720 });
  });

  it("letterboxes with black bars when the model pads", async () => {
    const square = await makeTestImage({ width: 1000, height: 1000, format: "jpeg", color: [200, 200, 40] });
    const result = await prepareImage(square, { ...SORA_LIKE, fit: "pad" }, FRAME_16_9);
    expect(result.warnings.map((warning) => warning.code)).toEqual(["image_padded", "image_resized"]);
    expect(result.warnings[0]?.message).toBe(
      "The image was padded with black bars from 1000×1000 to 1778×1000 to match the video's 16:9 frame.",
    );
    expect(await decoded(result.bytes)).toMatchObject({ format: "jpeg", width: 1280, height: 720 });
    expectColor(await meanColor(result.bytes, { left: 0, top: 300, width: 200, height: 100 }), [0, 0, 0]);
    expectColor(await meanColor(result.bytes, { left: 540, top: 300, width: 200, height: 100 }), [200, 200, 40]);
    expectColor(await meanColor(result.bytes, { left: 1080, top: 300, width: 200, height: 100 }), [0, 0, 0]);
  });

  it("refuses when the exact size cannot be made small enough", async () => {
    const noisy = await makeTestImage({ width: 1280, height: 720, format: "png", pattern: "noise" });
    const error = await expectUnsuitable(
      prepareImage(noisy, { ...SORA_LIKE, maxBytes: 50_000 }, FRAME_16_9),
      "cannot_fit_bytes",
    );
    expect(error.message).toMatch(
      /^The image cannot be made to fit the model's 50 KB limit: at the exact 1280×720 size/,
    );
  });
});

describe("prepareImage for a Pollo-like model (URL, JPEG or PNG)", () => {
  it("converts WebP to JPEG", async () => {
    const webp = await makeTestImage({ width: 800, height: 600, format: "webp", pattern: "gradient" });
    const result = await prepareImage(webp, POLLO_LIKE, FRAME_16_9);
    expect(result.warnings).toEqual([
      {
        code: "image_converted",
        message: "The image was converted from WebP to JPEG; this model accepts JPEG or PNG.",
      },
    ]);
    expect([result.mediaType, result.width, result.height]).toEqual(["image/jpeg", 800, 600]);
    expect(await decoded(result.bytes)).toMatchObject({ format: "jpeg", width: 800, height: 600 });
  });

  it("flattens a transparent WebP on black when converting it to JPEG", async () => {
    const webp = await makeTestImage({ width: 64, height: 64, format: "webp", color: [240, 240, 240], alpha: true });
    const result = await prepareImage(webp, POLLO_LIKE, FRAME_16_9);
    expect(result.warnings.map((warning) => warning.code)).toEqual(["image_converted", "image_flattened"]);
    expect(await decoded(result.bytes)).toMatchObject({ format: "jpeg", hasAlpha: false });
    // Half-transparent light grey over black is a mid grey.
    expectColor(await meanColor(result.bytes, { left: 16, top: 16, width: 32, height: 32 }), [120, 120, 120]);
  });

  it("refuses an image smaller than minSidePx", async () => {
    const small = await makeTestImage({ width: 100, height: 100, format: "png" });
    const error = await expectUnsuitable(
      prepareImage(small, { ...POLLO_LIKE, minSidePx: 300 }, FRAME_16_9),
      "too_small",
    );
    expect(error.message).toBe(
      "The image is 100×100; this model needs at least 300 px on the shorter side. Enlarging it would only blur it: send a larger image.",
    );
  });

  it("refuses an image that cropping to the video's shape would make too small", async () => {
    const wide = await makeTestImage({ width: 1000, height: 400, format: "jpeg" });
    const portrait = { ...POLLO_LIKE, match: "aspect" as const, minSidePx: 300 };
    const error = await expectUnsuitable(prepareImage(wide, portrait, frameSize("9:16", "720p")), "too_small");
    expect(error.message).toContain("would be 225×400");
  });
});
