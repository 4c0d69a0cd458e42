import { describe, expect, it } from "vitest";
import { ReelayError } from "../core/errors.ts";
import { decodeDataUri } from "./data-uri.ts";

describe("decodeDataUri", () => {
  it("decodes base64 data URIs", () => {
    expect(decodeDataUri("data:image/png;base64,aGVsbG8=", 100).toString()).toBe("hello");
    expect(decodeDataUri("data:;base64,aGVs\nbG8=", 100).toString()).toBe("hello");
  });

  it("refuses malformed, empty and oversized URIs with a clear error", () => {
    const codeOf = (uri: string, max = 100) => {
      try {
        decodeDataUri(uri, max);
        return "accepted";
      } catch (error) {
        return error instanceof ReelayError ? error.code : "other";
      }
    };
    expect(codeOf("data:image/png,hello")).toBe("invalid_request");
    expect(codeOf("http://example.com/a.png")).toBe("invalid_request");
    expect(codeOf("data:image/png;base64,")).toBe("invalid_request");
    expect(codeOf(`data:image/png;base64,${"A".repeat(1000)}`, 100)).toBe("payload_too_large");
  });
});
