import { describe, expect, it } from "vitest";
import { frameSize } from "./frame-size.ts";
import type { AspectRatio, Resolution } from "./types.ts";

describe("frameSize", () => {
  const cases: [AspectRatio, Resolution, number, number][] = [
    ["16:9", "720p", 1280, 720],
    ["9:16", "720p", 720, 1280],
    ["4:3", "720p", 960, 720],
    ["3:4", "1080p", 1080, 1440],
    ["16:9", "360p", 640, 360],
    ["16:9", "480p", 854, 480],
    ["16:9", "1080p", 1920, 1080],
    ["1:1", "480p", 480, 480],
    ["21:9", "1080p", 2520, 1080],
    ["21:9", "360p", 840, 360],
    ["5:3", "360p", 600, 360],
    ["3:5", "480p", 480, 800],
  ];
  it.each(cases)("%s at %s is %d×%d", (ratio, resolution, width, height) => {
    expect(frameSize(ratio, resolution)).toEqual({ width, height });
  });

  it("keeps every size even with the short side equal to the resolution", () => {
    const ratios: AspectRatio[] = ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9", "5:3", "3:5"];
    const resolutions: [Resolution, number][] = [
      ["360p", 360],
      ["480p", 480],
      ["720p", 720],
      ["1080p", 1080],
    ];
    for (const ratio of ratios) {
      for (const [resolution, shortSide] of resolutions) {
        const { width, height } = frameSize(ratio, resolution);
        expect(width % 2, `${ratio} ${resolution}`).toBe(0);
        expect(height % 2, `${ratio} ${resolution}`).toBe(0);
        expect(Math.min(width, height)).toBe(shortSide);
      }
    }
  });

  it("makes 4k 3840×2160", () => {
    expect(frameSize("16:9", "4k")).toEqual({ width: 3840, height: 2160 });
  });
});
