import { describe, expect, it } from "vitest";
import { createFramePainter } from "./draw-frame.ts";
import { planRender } from "./map-request.ts";
import { localRequest } from "./test-support/fixtures.ts";

describe("createFramePainter", () => {
  const plan = planRender(localRequest({ seed: 99 }));

  it("paints opaque RGBA frames of the planned size", () => {
    const pixels = createFramePainter(plan).paint(0);
    expect(pixels.length).toBe(plan.width * plan.height * 4);
    for (let index = 3; index < pixels.length; index += 4 * 997) expect(pixels[index]).toBe(255);
  });

  it("paints the same pixels for the same plan and frame", () => {
    const first = Buffer.from(createFramePainter(plan).paint(17));
    const again = Buffer.from(createFramePainter(plan).paint(17));
    expect(first.equals(again)).toBe(true);
  });

  it("moves over time and changes with the seed", () => {
    const painter = createFramePainter(plan);
    const early = Buffer.from(painter.paint(0));
    const later = Buffer.from(painter.paint(30));
    expect(early.equals(later)).toBe(false);
    const otherSeed = planRender(localRequest({ seed: 100 }));
    expect(Buffer.from(createFramePainter(otherSeed).paint(0)).equals(early)).toBe(false);
  });
});
