import { describe, expect, it } from "vitest";
import { aspectRatioValue, describeShape } from "./image-roles.ts";

describe("aspectRatioValue", () => {
  it("is width ÷ height of the name", () => {
    expect(aspectRatioValue("16:9")).toBeCloseTo(1.7778, 4);
    expect(aspectRatioValue("9:16")).toBe(0.5625);
    expect(aspectRatioValue("21:9")).toBeCloseTo(2.3333, 4);
  });
});

describe("describeShape", () => {
  it.each([
    [1024, 768, "4:3"],
    [1080, 1920, "9:16"],
    [2560, 1080, "2.37:1"],
    [1000, 667, "1.50:1"],
    [667, 1000, "1:1.50"],
    [512, 512, "1:1"],
  ])("describes %i×%i as %s", (width, height, expected) => {
    expect(describeShape(width, height)).toBe(expected);
  });
});
