import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ProviderCallError } from "../../core/errors.ts";
import {
  polloCreateDataSchema,
  polloStatusDataSchema,
  unwrapPolloData,
  type PolloGeneration,
  type PolloStatusData,
} from "./api.ts";
import { polloErrorReader } from "./errors.ts";
import { mapPolloStatus } from "./map-status.ts";

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), "utf8")) as unknown;
}

/** A reference body, unwrapped and parsed the way the adapter does. */
const status = (name: string): PolloStatusData => polloStatusDataSchema.parse(unwrapPolloData(fixture(name)));
const generation = (fields: Partial<PolloGeneration>): PolloGeneration => ({
  id: "gen_1",
  status: "waiting",
  failMsg: "",
  url: "",
  mediaType: "video",
  ...fields,
});
const withGenerations = (...generations: PolloGeneration[]) =>
  mapPolloStatus(polloStatusDataSchema.parse({ taskId: "cm1", generations }));

describe("Pollo's reference bodies", () => {
  it("unwrap to the create payload and the status payload", () => {
    expect(polloCreateDataSchema.parse(unwrapPolloData(fixture("create-response")))).toEqual({
      taskId: "cm3xk2p9a0001pollo",
      status: "waiting",
    });
    expect(status("status-waiting").generations).toHaveLength(1);
  });

  it("read a validation error with its issue", () => {
    expect(polloErrorReader.message(fixture("validation-error"))).toBe(
      "Invalid input (input.length: Invalid enum value. Expected 4 | 8 | 12, received 5)",
    );
    expect(polloErrorReader.message(fixture("create-response"))).toBeUndefined();
    expect(polloErrorReader.message({ message: "no code" })).toBeUndefined();
  });
});

describe("mapPolloStatus", () => {
  it("maps waiting to queued and processing to running, without progress", () => {
    expect(mapPolloStatus(status("status-waiting"))).toEqual({ state: "queued", pollAfterMs: 5_000 });
    expect(mapPolloStatus(status("status-processing"))).toEqual({ state: "running", pollAfterMs: 5_000 });
  });

  it("returns a succeeded generation's public URL as the video, with no headers", () => {
    expect(mapPolloStatus(status("status-succeeded"))).toEqual({
      state: "succeeded",
      outputs: [
        {
          kind: "video",
          source: {
            type: "url",
            url: "https://videocdn.pollo.ai/web-cdn/pollo/production/cm3xk2p9a0001pollo/video.mp4",
          },
          mediaType: "video/mp4",
        },
      ],
    });
  });

  it("maps a moderation failMsg to content_filtered, keeping Pollo's words", () => {
    expect(mapPolloStatus(status("status-failed-moderation"))).toEqual({
      state: "failed",
      failure: {
        code: "content_filtered",
        message: "Pollo's moderation blocked it: The input image did not pass content moderation",
      },
    });
    for (const failMsg of ["Prompt contains sensitive content", "NSFW content detected", "Content policy violation"]) {
      expect(withGenerations(generation({ status: "failed", failMsg }))).toMatchObject({
        failure: { code: "content_filtered" },
      });
    }
  });

  it("maps other failures to provider_error, with or without a reason", () => {
    expect(withGenerations(generation({ status: "failed", failMsg: "Upstream timeout" }))).toEqual({
      state: "failed",
      failure: { code: "provider_error", message: "Pollo failed the generation: Upstream timeout" },
    });
    expect(withGenerations(generation({ status: "failed", failMsg: null }))).toMatchObject({
      failure: { code: "provider_error", message: expect.stringContaining("no reason given") },
    });
  });

  it("derives the task from all generations: any failure fails it, success needs all", () => {
    const done = generation({ status: "succeed", url: "https://cdn.example/a.mp4" });
    expect(withGenerations(done, generation({ status: "processing" }))).toMatchObject({ state: "running" });
    expect(withGenerations(done, generation({ status: "failed", failMsg: "x" }))).toMatchObject({ state: "failed" });
    expect(withGenerations(generation({ status: "waiting" }), generation({ status: "waiting" }))).toMatchObject({
      state: "queued",
    });
    const both = withGenerations(done, generation({ status: "succeed", url: "https://cdn.example/b.mp4" }));
    expect(both).toMatchObject({ state: "succeeded", outputs: [{}, {}] });
  });

  it("fails success without a usable video URL as no_output, ignoring non-video media", () => {
    for (const fields of [
      { url: "" },
      { url: null },
      { url: "not a url" },
      { url: "https://x/a.png", mediaType: "image" },
    ]) {
      expect(withGenerations(generation({ status: "succeed", ...fields }))).toMatchObject({
        state: "failed",
        failure: { code: "no_output" },
      });
    }
  });

  it("tolerates the client-reported variants: a top-level status and result[].videoUrl", () => {
    expect(mapPolloStatus(polloStatusDataSchema.parse({ status: "processing" }))).toMatchObject({ state: "running" });
    expect(
      mapPolloStatus(polloStatusDataSchema.parse({ result: [{ videoUrl: "https://cdn.example/v.mp4" }] })),
    ).toMatchObject({
      state: "succeeded",
      outputs: [{ source: { url: "https://cdn.example/v.mp4" } }],
    });
    expect(withGenerations()).toEqual({ state: "queued", pollAfterMs: 5_000 });
    expect(polloStatusDataSchema.safeParse({ taskId: "cm1" }).success).toBe(false);
  });

  it("throws an unknown status as a retryable bad response instead of guessing", () => {
    let caught: unknown;
    try {
      withGenerations(generation({ status: "exploded" }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProviderCallError);
    expect(caught).toMatchObject({
      kind: "bad_response",
      retryable: true,
      message: expect.stringContaining("exploded"),
    });
  });
});
