/**
 * Text helpers shared by the text card and the image caption, so both wrap and size the prompt
 * by the same rules.
 */
import type { SKRSContext2D } from "@napi-rs/canvas";

/** Font stack: DejaVu ships with most Linux images; Skia falls back to any sans otherwise. */
export const FONT_FAMILY = '"DejaVu Sans", "Liberation Sans", Arial, sans-serif';

/** Line height as a multiple of the font size. */
export const LINE_HEIGHT = 1.3;

/**
 * Greedy word wrap. `measure` is injected so the rule is testable without a canvas. Words longer
 * than a line are split by character; text beyond `maxLines` ends with an ellipsis.
 */
export function wrapText(
  measure: (text: string) => number,
  text: string,
  maxWidth: number,
  maxLines: number,
): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = "";
  const pushWord = (word: string): void => {
    const candidate = current ? `${current} ${word}` : word;
    if (measure(candidate) <= maxWidth) {
      current = candidate;
      return;
    }
    if (current) lines.push(current);
    current = "";
    // A word wider than the line: cut it into pieces that fit.
    let piece = "";
    for (const character of word) {
      if (piece && measure(piece + character) > maxWidth) {
        lines.push(piece);
        piece = "";
      }
      piece += character;
    }
    current = piece;
  };
  for (const word of words) pushWord(word);
  if (current) lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, Math.max(1, maxLines));
  let last = kept[kept.length - 1] ?? "";
  while (last && measure(`${last}…`) > maxWidth) last = last.slice(0, -1);
  kept[kept.length - 1] = `${last.trimEnd()}…`;
  return kept;
}

/** One line, cut with an ellipsis when it is wider than `maxWidth`. */
export function fitLine(context: SKRSContext2D, text: string, maxWidth: number): string {
  return wrapText((value) => context.measureText(value).width, text, maxWidth, 1)[0] ?? "";
}

/** A wrapped block of text and the font size it was wrapped at. */
export interface TextBlock {
  size: number;
  lines: string[];
}

/** Bounds of `fitTextBlock`: the box and the font sizes to try, largest first. */
export interface TextBox {
  maxWidth: number;
  maxHeight: number;
  largestSize: number;
  smallestSize: number;
  /** Most lines, whatever the height allows (a caption stays short even in a tall frame). */
  maxLines?: number;
}

/**
 * Largest font size (stepping down by 2 to a floor) at which the whole text fits the box; at the
 * floor the text is cut with an ellipsis. Leaves `context.font` set to the returned size.
 */
export function fitTextBlock(context: SKRSContext2D, text: string, box: TextBox): TextBlock {
  const measure = (value: string): number => context.measureText(value).width;
  let size = box.largestSize;
  let lines: string[] = [];
  for (; size >= box.smallestSize; size -= 2) {
    context.font = `${size}px ${FONT_FAMILY}`;
    const fitting = Math.max(1, Math.floor(box.maxHeight / (size * LINE_HEIGHT)));
    lines = wrapText(measure, text, box.maxWidth, Math.min(fitting, box.maxLines ?? fitting));
    const overflowed = lines[lines.length - 1]?.endsWith("…") ?? false;
    if (!overflowed || size - 2 < box.smallestSize) break;
  }
  return { size, lines };
}
