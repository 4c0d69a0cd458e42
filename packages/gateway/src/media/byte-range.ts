import type { ByteRange } from "./media-store.ts";

/** What a `Range` header asks of an object of a known size (RFC 9110 §14). */
export type RangeRequest =
  /** No usable range: serve the whole object (absent, malformed, other unit, or several ranges). */
  | { type: "full" }
  | { type: "partial"; range: ByteRange }
  /** A well-formed range that lies outside the object: answer 416. */
  | { type: "unsatisfiable" };

const SINGLE_RANGE = /^(\d*)-(\d*)$/;

/**
 * Parses a single `bytes=` range. Several ranges are answered with the whole object, which RFC 9110
 * allows and which avoids multipart responses; the end of a range is clamped to the object.
 */
export function parseRangeHeader(header: string | null, sizeBytes: number): RangeRequest {
  if (header === null) return { type: "full" };
  const equals = header.indexOf("=");
  if (equals < 0 || header.slice(0, equals).trim().toLowerCase() !== "bytes") return { type: "full" };
  const spec = header.slice(equals + 1).replace(/\s+/g, "");
  if (spec.includes(",")) return { type: "full" };
  const match = SINGLE_RANGE.exec(spec);
  const [, first = "", last = ""] = match ?? [];
  if (match === null || (first === "" && last === "")) return { type: "full" };

  if (first === "") {
    // Suffix range `-n`: the last n bytes.
    const suffixLength = Number(last);
    if (suffixLength === 0 || sizeBytes === 0) return { type: "unsatisfiable" };
    const start = Number.isSafeInteger(suffixLength) ? Math.max(0, sizeBytes - suffixLength) : 0;
    return { type: "partial", range: { start, end: sizeBytes - 1 } };
  }
  const start = Number(first);
  const end = last === "" ? Infinity : Number(last);
  if (end < start) return { type: "full" };
  if (!Number.isSafeInteger(start) || start >= sizeBytes) return { type: "unsatisfiable" };
  return { type: "partial", range: { start, end: Math.min(end, sizeBytes - 1) } };
}
