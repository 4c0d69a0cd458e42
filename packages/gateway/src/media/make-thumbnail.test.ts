import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeThumbnail } from "./make-thumbnail.ts";
import { InvalidMediaError } from "./probe-video.ts";
import { makeUndecodableVideo, syntheticVideoColorAt, writeSyntheticVideo } from "./synthetic-video.ts";

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "reelay-thumb-"));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Mean of each RGB channel in a region. (sharp's `stats()` describes the input, ignoring `extract`.) */
async function meanColor(
  webp: Buffer,
  region: { left: number; top: number; width: number; height: number },
): Promise<number[]> {
  const { data, info } = await sharp(webp).extract(region).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const sums = [0, 0, 0];
  for (let index = 0; index < data.length; index++) sums[index % 3] = (sums[index % 3] ?? 0) + (data[index] ?? 0);
  return sums.map((sum) => sum / (info.width * info.height));
}

/** Mean colour of the lower half (the moving white square sits near the top). */
async function lowerHalfColor(webp: Buffer): Promise<number[]> {
  const { width = 0, height = 0 } = await sharp(webp).metadata();
  const top = Math.floor(height / 2);
  return meanColor(webp, { left: 0, top, width, height: height - top });
}

describe("makeThumbnail", () => {
  it("makes a WebP of a short video's middle frame, at the video's size when small", async () => {
    const path = join(directory, "short.mp4");
    await writeSyntheticVideo(path, { width: 320, height: 180, durationSeconds: 1.5 });
    const webp = await makeThumbnail(path);
    const metadata = await sharp(webp).metadata();
    expect(metadata).toMatchObject({ format: "webp", width: 320, height: 180 });
    const expected = syntheticVideoColorAt(0.75, 1.5);
    const actual = await lowerHalfColor(webp);
    for (const [index, value] of expected.entries()) expect(Math.abs((actual[index] ?? 0) - value)).toBeLessThan(15);
  });

  it("takes the frame at 1 s of a longer video and scales the long side to 640 px", async () => {
    const path = join(directory, "wide.mp4");
    await writeSyntheticVideo(path, { width: 1280, height: 720, durationSeconds: 3, frameRate: 10 });
    const webp = await makeThumbnail(path);
    const metadata = await sharp(webp).metadata();
    expect(metadata).toMatchObject({ format: "webp", width: 640, height: 360 });
    expect(webp.byteLength).toBeLessThan(100_000);
    const expected = syntheticVideoColorAt(1, 3);
    const actual = await lowerHalfColor(webp);
    expect(Math.abs((actual[0] ?? 0) - expected[0])).toBeLessThan(15);
  });

  it("applies rotation metadata so the thumbnail is upright", async () => {
    const path = join(directory, "rotated.mp4");
    await writeSyntheticVideo(path, { width: 320, height: 180, durationSeconds: 0.5, rotation: 90 });
    const webp = await makeThumbnail(path, { maxSizePx: 160 });
    expect(await sharp(webp).metadata()).toMatchObject({ format: "webp", width: 90, height: 160 });
    // The white square runs along the top edge of the coded frame; turned 90° clockwise, that
    // edge is on the right.
    const brightness = async (left: number) =>
      ((await meanColor(webp, { left, top: 65, width: 20, height: 30 })) as [number, number, number]).reduce(
        (a, b) => a + b,
      ) / 3;
    expect(await brightness(70)).toBeGreaterThan((await brightness(0)) + 8);
  });

  it("rejects a file that is not a video, and one whose frames cannot be decoded", async () => {
    const path = join(directory, "text.mp4");
    await writeFile(path, "plain text");
    await expect(makeThumbnail(path)).rejects.toBeInstanceOf(InvalidMediaError);
    const undecodable = join(directory, "undecodable.mp4");
    await writeFile(undecodable, await makeUndecodableVideo());
    await expect(makeThumbnail(undecodable)).rejects.toBeInstanceOf(InvalidMediaError);
  });
});
