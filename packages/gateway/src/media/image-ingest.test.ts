import { createHash } from "node:crypto";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ImageRejectedError, ingestImage, type ImageRejectionReason } from "./image-ingest.ts";
import {
  exifHasGps,
  makeAnimatedGif,
  makePngClaimingSize,
  makeRotatedJpegWithGps,
  makeSvgWithScript,
  makeTestImage,
  makeTruncatedJpeg,
  makeUndecodableHeic,
  ORIENTED_COLORS,
  type Rgb,
} from "./test-support/make-test-image.ts";

const LIMITS = { maxBytes: 20_000_000, maxPixels: 50_000_000 };

/** Mean RGB of a region of an encoded image. */
async function meanColor(image: Buffer, region: { left: number; top: number; width: number; height: number }) {
  const { data, info } = await sharp(image).extract(region).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const sums = [0, 0, 0];
  for (let index = 0; index < data.length; index++) sums[index % 3] = (sums[index % 3] ?? 0) + (data[index] ?? 0);
  return sums.map((sum) => sum / (info.width * info.height));
}

function expectColor(actual: number[], expected: Rgb): void {
  actual.forEach((channel, index) => expect(Math.abs(channel - (expected[index] ?? 0))).toBeLessThan(30));
}

async function rejection(promise: Promise<unknown>): Promise<ImageRejectedError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ImageRejectedError);
  return error as ImageRejectedError;
}

async function expectRejected(bytes: Buffer, reason: ImageRejectionReason, limits = LIMITS) {
  const error = await rejection(ingestImage(bytes, limits));
  expect(error.reason).toBe(reason);
  return error;
}

describe("ingestImage: orientation and metadata", () => {
  it("turns an EXIF-rotated phone photo upright and strips EXIF, GPS, XMP and ICC", async () => {
    const original = await makeRotatedJpegWithGps(60, 40);
    const before = await sharp(original).metadata();
    expect([before.width, before.height, before.orientation]).toEqual([40, 60, 6]);
    expect(before.exif !== undefined && exifHasGps(before.exif)).toBe(true);
    expect(before.xmp).toBeDefined();

    const result = await ingestImage(original, LIMITS);

    expect(result.mediaType).toBe("image/jpeg");
    expect([result.width, result.height]).toEqual([60, 40]);
    const after = await sharp(result.bytes).metadata();
    expect([after.format, after.width, after.height]).toEqual(["jpeg", 60, 40]);
    expect(after.exif).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(after.hasProfile).toBe(false);
    // Red along the top, blue down the left, green elsewhere: right way up and not mirrored.
    expectColor(await meanColor(result.bytes, { left: 20, top: 0, width: 30, height: 4 }), ORIENTED_COLORS.top);
    expectColor(await meanColor(result.bytes, { left: 0, top: 16, width: 4, height: 20 }), ORIENTED_COLORS.left);
    expectColor(await meanColor(result.bytes, { left: 52, top: 16, width: 8, height: 20 }), ORIENTED_COLORS.rest);
    expectColor(await meanColor(result.bytes, { left: 20, top: 34, width: 30, height: 6 }), ORIENTED_COLORS.rest);
  });

  it("hashes the original bytes, the same for the same upload", async () => {
    const original = await makeRotatedJpegWithGps();
    const first = await ingestImage(original, LIMITS);
    const second = await ingestImage(Buffer.from(original), LIMITS);
    expect(first.sha256).toBe(createHash("sha256").update(original).digest("hex"));
    expect(second.sha256).toBe(first.sha256);
    expect(second.bytes.equals(first.bytes)).toBe(true);
  });
});

describe("ingestImage: accepted formats", () => {
  it("keeps PNG as PNG and WebP as WebP", async () => {
    const png = await ingestImage(await makeTestImage({ width: 30, height: 20, format: "png", alpha: true }), LIMITS);
    expect([png.mediaType, png.width, png.height]).toEqual(["image/png", 30, 20]);
    expect((await sharp(png.bytes).metadata()).hasAlpha).toBe(true);
    const webp = await ingestImage(await makeTestImage({ width: 30, height: 20, format: "webp" }), LIMITS);
    expect([webp.mediaType, webp.width, webp.height]).toEqual(["image/webp", 30, 20]);
    expect((await sharp(webp.bytes).metadata()).format).toBe("webp");
  });

  it("turns an opaque AVIF into JPEG and a transparent one into PNG", async () => {
    const color: Rgb = [200, 40, 40];
    const opaque = await ingestImage(await makeTestImage({ width: 32, height: 24, format: "avif", color }), LIMITS);
    expect([opaque.mediaType, opaque.width, opaque.height]).toEqual(["image/jpeg", 32, 24]);
    expect((await sharp(opaque.bytes).metadata()).format).toBe("jpeg");
    expectColor(await meanColor(opaque.bytes, { left: 8, top: 8, width: 16, height: 8 }), color);
    const transparent = await makeTestImage({ width: 32, height: 24, format: "avif", alpha: true });
    const withAlpha = await ingestImage(transparent, LIMITS);
    expect(withAlpha.mediaType).toBe("image/png");
    expect((await sharp(withAlpha.bytes).metadata()).hasAlpha).toBe(true);
  });

  it("keeps only the first frame of an animated GIF, as PNG", async () => {
    const gif = await makeAnimatedGif([
      [250, 0, 0],
      [0, 250, 0],
      [0, 0, 250],
    ]);
    expect((await sharp(gif).metadata()).pages).toBe(3);
    const result = await ingestImage(gif, LIMITS);
    expect([result.mediaType, result.width, result.height]).toEqual(["image/png", 10, 10]);
    const after = await sharp(result.bytes).metadata();
    expect([after.format, after.height, after.pages ?? 1]).toEqual(["png", 10, 1]);
    expectColor(await meanColor(result.bytes, { left: 0, top: 0, width: 10, height: 10 }), [250, 0, 0]);
  });
});

describe("ingestImage: refusals", () => {
  it("refuses a PNG header claiming 40000×40000 from the header, fast and without allocating", async () => {
    const bomb = makePngClaimingSize(40_000, 40_000);
    expect(bomb.length).toBeLessThan(200);
    const rssBefore = process.memoryUsage().rss;
    const startedAt = performance.now();
    const error = await expectRejected(bomb, "too_many_pixels");
    expect(performance.now() - startedAt).toBeLessThan(1000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
    expect(error.message).toContain("40000×40000");
    expect(error.message).toContain("50 megapixels");
  });

  it("counts pixels exactly at the cap", async () => {
    const image = await makeTestImage({ width: 1000, height: 1000, format: "png" });
    const error = await expectRejected(image, "too_many_pixels", { maxBytes: LIMITS.maxBytes, maxPixels: 999_999 });
    expect(error.message).toContain("1000×1000 pixels (1 megapixel)");
    const accepted = await ingestImage(image, { maxBytes: LIMITS.maxBytes, maxPixels: 1_000_000 });
    expect([accepted.width, accepted.height]).toEqual([1000, 1000]);
  });

  it("refuses a truncated JPEG instead of decoding half of it", async () => {
    const error = await expectRejected(await makeTruncatedJpeg(), "corrupt");
    expect(error.message).toMatch(/JPEG image but could not be read completely/);
  });

  it("refuses bytes that claim to be JPEG but are not", async () => {
    await expectRejected(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(500, 7)]), "corrupt");
  });

  it("refuses a text file, naming what it found and what is accepted", async () => {
    const error = await expectRejected(Buffer.from("name,prompt\nkite,a kite over the sea\n"), "unsupported_type");
    expect(error.message).toBe(
      "The file is not an image Reelay accepts (found text). Send JPEG, PNG, WebP, AVIF or GIF.",
    );
  });

  it("refuses an SVG with a script before sharp parses it", async () => {
    const error = await expectRejected(makeSvgWithScript(), "unsupported_type");
    expect(error.message).toContain("(found SVG)");
    // The same SVG behind a UTF-8 BOM and a comment is still recognised.
    const hidden = Buffer.concat([Buffer.from("\uFEFF<!-- logo -->\n"), makeSvgWithScript()]);
    expect((await expectRejected(hidden, "unsupported_type")).message).toContain("(found SVG)");
  });

  it("refuses PDF and TIFF", async () => {
    const pdf = Buffer.from("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");
    expect((await expectRejected(pdf, "unsupported_type")).message).toContain("(found PDF)");
    const tiff = await makeTestImage({ width: 8, height: 8, format: "tiff" });
    expect((await expectRejected(tiff, "unsupported_type")).message).toContain("(found TIFF)");
  });

  it("refuses a HEIC that this server cannot decode, explaining how to send it instead", async () => {
    const heic = await makeUndecodableHeic();
    const metadata = await sharp(heic).metadata();
    expect([metadata.format, metadata.compression]).toEqual(["heif", "hevc"]);
    const error = await rejection(ingestImage(heic, LIMITS));
    // Without an HEVC decoder (sharp's prebuilt libvips) it is unsupported; with one, the
    // deliberately wrong coded data makes it corrupt.
    expect(["unsupported_type", "corrupt"]).toContain(error.reason);
    if (error.reason === "unsupported_type") expect(error.message).toContain("HEIC");
  });

  it("refuses an upload over the byte cap before looking at it", async () => {
    const image = await makeTestImage({ width: 200, height: 200, format: "png", pattern: "noise" });
    const error = await expectRejected(image, "too_large", { maxBytes: 50_000, maxPixels: LIMITS.maxPixels });
    expect(error.message).toMatch(/^The image is 120 KB; Reelay accepts images up to 50 KB\./);
    // Even garbage is "too large" first: the size is checked before the type.
    await expectRejected(Buffer.alloc(60_000), "too_large", { maxBytes: 50_000, maxPixels: 1 });
  });
});
