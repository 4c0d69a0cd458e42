import { createCanvas } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import { fitTextBlock, LINE_HEIGHT, wrapText } from "./draw-text.ts";

/** One unit per character: makes wrapping rules easy to read. */
const byLength = (text: string): number => text.length;

describe("wrapText", () => {
  it("wraps on words within the width", () => {
    expect(wrapText(byLength, "the quick brown fox jumps", 10, 5)).toEqual(["the quick", "brown fox", "jumps"]);
  });

  it("splits a word longer than a line", () => {
    expect(wrapText(byLength, "abcdefghijkl xy", 5, 5)).toEqual(["abcde", "fghij", "kl xy"]);
  });

  it("ends with an ellipsis when lines run out", () => {
    expect(wrapText(byLength, "one two three four five six", 9, 2)).toEqual(["one two", "three…"]);
  });

  it("returns nothing for blank text", () => {
    expect(wrapText(byLength, "   ", 10, 3)).toEqual([]);
  });
});

describe("fitTextBlock", () => {
  const context = createCanvas(1, 1).getContext("2d");
  const box = { maxWidth: 300, maxHeight: 80, largestSize: 30, smallestSize: 12 };

  it("keeps the largest size when the text fits", () => {
    expect(fitTextBlock(context, "short", box)).toEqual({ size: 30, lines: ["short"] });
  });

  it("shrinks the font until the text fits the box", () => {
    const text = "a paper boat drifting down a rainy street with neon reflections in puddles";
    const block = fitTextBlock(context, text, box);
    expect(block.size).toBeLessThan(30);
    expect(block.size).toBeGreaterThanOrEqual(12);
    expect(block.lines.join(" ")).toBe(text);
    expect(block.lines.length * block.size * LINE_HEIGHT).toBeLessThanOrEqual(80);
    for (const line of block.lines) expect(context.measureText(line).width).toBeLessThanOrEqual(300);
  });

  it("cuts with an ellipsis at the smallest size, within `maxLines`", () => {
    const block = fitTextBlock(context, "word ".repeat(200), { ...box, maxLines: 2 });
    expect(block.size).toBe(12);
    expect(block.lines).toHaveLength(2);
    expect(block.lines[1]?.endsWith("…")).toBe(true);
  });
});
