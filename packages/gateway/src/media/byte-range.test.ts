import { describe, expect, it } from "vitest";
import { parseRangeHeader } from "./byte-range.ts";

describe("parseRangeHeader", () => {
  it.each([
    ["bytes=0-99", { type: "partial", range: { start: 0, end: 99 } }],
    ["bytes=100-", { type: "partial", range: { start: 100, end: 999 } }],
    ["bytes=-10", { type: "partial", range: { start: 990, end: 999 } }],
    ["bytes=-5000", { type: "partial", range: { start: 0, end: 999 } }],
    ["bytes=900-5000", { type: "partial", range: { start: 900, end: 999 } }],
    ["Bytes = 5 - 9", { type: "partial", range: { start: 5, end: 9 } }],
    ["bytes=999-999", { type: "partial", range: { start: 999, end: 999 } }],
    ["bytes=1000-", { type: "unsatisfiable" }],
    ["bytes=5000-6000", { type: "unsatisfiable" }],
    ["bytes=-0", { type: "unsatisfiable" }],
    ["bytes=99999999999999999999-", { type: "unsatisfiable" }],
    ["bytes=0-99,200-299", { type: "full" }],
    ["bytes=9-5", { type: "full" }],
    ["bytes=-", { type: "full" }],
    ["bytes=abc", { type: "full" }],
    ["items=0-5", { type: "full" }],
    ["0-5", { type: "full" }],
  ])("%j of 1000 bytes", (header, expected) => {
    expect(parseRangeHeader(header, 1000)).toEqual(expected);
  });

  it("treats a missing header as the whole object and any range of an empty object as unsatisfiable", () => {
    expect(parseRangeHeader(null, 1000)).toEqual({ type: "full" });
    expect(parseRangeHeader("bytes=0-", 0)).toEqual({ type: "unsatisfiable" });
    expect(parseRangeHeader("bytes=-1", 0)).toEqual({ type: "unsatisfiable" });
  });
});
