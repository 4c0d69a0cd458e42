import type { AspectRatio, Resolution } from "./types.ts";

/** Short side in pixels of each resolution name. */
const SHORT_SIDE_PIXELS: Record<Resolution, number> = {
  "360p": 360,
  "480p": 480,
  "540p": 540,
  "720p": 720,
  "1080p": 1080,
  "4k": 2160,
};

/** Width and height units of each aspect ratio. */
const RATIO_PARTS: Record<AspectRatio, [number, number]> = {
  "16:9": [16, 9],
  "9:16": [9, 16],
  "1:1": [1, 1],
  "4:3": [4, 3],
  "3:4": [3, 4],
  "21:9": [21, 9],
  "5:3": [5, 3],
  "3:5": [3, 5],
};

/** Rounds to the nearest even number: H.264 with 4:2:0 chroma needs even dimensions. */
function toEven(value: number): number {
  return Math.max(2, Math.round(value / 2) * 2);
}

/** Frame size for an aspect ratio and resolution: the short side is the resolution's number. */
export function frameSize(aspectRatio: AspectRatio, resolution: Resolution): { width: number; height: number } {
  const shortSide = SHORT_SIDE_PIXELS[resolution];
  const [widthUnits, heightUnits] = RATIO_PARTS[aspectRatio];
  if (widthUnits >= heightUnits) {
    return { width: toEven((shortSide * widthUnits) / heightUnits), height: shortSide };
  }
  return { width: shortSide, height: toEven((shortSide * heightUnits) / widthUnits) };
}
