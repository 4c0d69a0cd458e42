import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ProviderCallError } from "../../core/errors.ts";
import {
  pixverseCreateRespSchema,
  pixverseEnvelopeSchema,
  pixverseErrorReader,
  pixverseResultRespSchema,
  pixverseUploadRespSchema,
  type PixverseResult,
} from "./api.ts";
import { mapPixverseResult } from "./map-status.ts";

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), "utf8")) as unknown;
}

/** A reference body's `Resp`, parsed the way the adapter parses it. */
const resp = (name: string): PixverseResult =>
  pixverseResultRespSchema.parse(pixverseEnvelopeSchema.parse(fixture(name)).Resp);
const succeeded = resp("result-succeeded");

describe("PixVerse response schemas", () => {
  it("read the reference's integer ids as strings", () => {
    expect(pixverseUploadRespSchema.parse(pixverseEnvelopeSchema.parse(fixture("upload-response")).Resp)).toEqual({
      img_id: "38292417",
    });
    expect(pixverseCreateRespSchema.parse(pixverseEnvelopeSchema.parse(fixture("create-response")).Resp)).toEqual({
      video_id: "334719258",
    });
    expect(succeeded.id).toBe("334719258");
  });

  it("reads the envelope's error for non-2xx answers, and nothing from other bodies", () => {
    expect(pixverseErrorReader.message(fixture("invalid-param"))).toBe("invalid param (ErrCode 400017)");
    expect(pixverseErrorReader.message({})).toBeUndefined();
    expect(pixverseErrorReader.message(fixture("create-response"))).toBeUndefined();
  });
});

describe("mapPixverseResult", () => {
  it("treats 5 (generating) as running with no progress, polling every 5 s", () => {
    expect(mapPixverseResult(resp("result-generating"))).toEqual({ state: "running", pollAfterMs: 5_000 });
  });

  it("reads the client-only 2 as queued and 3 as running (unverified statuses)", () => {
    expect(mapPixverseResult({ ...succeeded, status: 2, url: "" })).toEqual({ state: "queued", pollAfterMs: 5_000 });
    expect(mapPixverseResult({ ...succeeded, status: 3, url: "" })).toEqual({ state: "running", pollAfterMs: 5_000 });
  });

  it("returns status 1 with its public URL as the video", () => {
    expect(mapPixverseResult(succeeded)).toEqual({
      state: "succeeded",
      outputs: [
        {
          kind: "video",
          source: { type: "url", url: "https://media.pixverse.ai/openapi/334719258.mp4" },
          mediaType: "video/mp4",
        },
      ],
    });
  });

  it("fails status 1 without a usable URL as no_output", () => {
    for (const url of ["", null, undefined, "not a url"]) {
      expect(mapPixverseResult({ ...succeeded, url })).toMatchObject({
        state: "failed",
        failure: { code: "no_output" },
      });
    }
  });

  it("maps 7 to content_filtered, 8 to provider_error and 6 (deleted) to cancelled", () => {
    expect(mapPixverseResult({ ...succeeded, status: 7, url: "" })).toMatchObject({
      state: "failed",
      failure: { code: "content_filtered", message: expect.stringContaining("moderation") },
    });
    expect(mapPixverseResult({ ...succeeded, status: 8, url: "" })).toMatchObject({
      state: "failed",
      failure: { code: "provider_error" },
    });
    expect(mapPixverseResult({ ...succeeded, status: 6 })).toEqual({ state: "cancelled" });
  });

  it("throws an unknown status as a retryable bad response rather than guess", () => {
    let caught: unknown;
    try {
      mapPixverseResult({ ...succeeded, status: 4 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProviderCallError);
    expect(caught).toMatchObject({ kind: "bad_response", retryable: true });
  });

  it("refuses a result without a numeric status", () => {
    expect(pixverseResultRespSchema.safeParse({ id: 1, status: "1" }).success).toBe(false);
  });
});
