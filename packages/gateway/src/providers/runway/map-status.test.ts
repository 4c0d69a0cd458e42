import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ProviderCallError } from "../../core/errors.ts";
import {
  runwayCreateResponseSchema,
  runwayErrorReader,
  runwayTaskResponseSchema,
  type RunwayTaskResponse,
} from "./api.ts";
import { mapRunwayTask } from "./map-status.ts";

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), "utf8")) as unknown;
}

/** A reference body, parsed the way the adapter parses it. */
const task = (name: string): RunwayTaskResponse => runwayTaskResponseSchema.parse(fixture(name));
const base = { id: "4f2b8c1e-7a3d-4e9b-9c0f-2d6e5a1b8c77", createdAt: "2026-11-24T09:12:03.517Z" };

describe("mapRunwayTask", () => {
  it("treats PENDING and THROTTLED as queued, polling no faster than Runway asks", () => {
    expect(mapRunwayTask(task("task-pending"))).toEqual({ state: "queued", pollAfterMs: 5_000 });
    expect(mapRunwayTask(task("task-throttled"))).toEqual({ state: "queued", pollAfterMs: 5_000 });
  });

  it("reports RUNNING with Runway's 0–1 progress, clamped, and without one when absent", () => {
    expect(mapRunwayTask(task("task-running"))).toEqual({ state: "running", progress: 0.37, pollAfterMs: 5_000 });
    expect(mapRunwayTask({ ...base, status: "RUNNING", progress: 1.2 })).toMatchObject({ progress: 1 });
    expect(mapRunwayTask({ ...base, status: "RUNNING", progress: -0.1 })).toMatchObject({ progress: 0 });
    expect(mapRunwayTask({ ...base, status: "RUNNING" })).toEqual({ state: "running", pollAfterMs: 5_000 });
    expect(mapRunwayTask({ ...base, status: "RUNNING", progress: null })).not.toHaveProperty("progress");
  });

  it("returns SUCCEEDED outputs as URL videos", () => {
    expect(mapRunwayTask(task("task-succeeded"))).toEqual({
      state: "succeeded",
      outputs: [
        {
          kind: "video",
          source: {
            type: "url",
            url: "https://dnznrvs05pmza.cloudfront.net/a1b2c3/4f2b8c1e/video.mp4?_jwt=eyJhbGciOiJIUzI1NiJ9.e30.c2ln",
          },
          mediaType: "video/mp4",
        },
      ],
    });
  });

  it("fails SUCCEEDED without a usable output as no_output", () => {
    for (const output of [[], undefined, null, [42, "not a url"]]) {
      expect(mapRunwayTask({ ...base, status: "SUCCEEDED", output })).toMatchObject({
        state: "failed",
        failure: { code: "no_output" },
      });
    }
  });

  it("maps moderation codes to content_filtered with Runway's reason", () => {
    expect(mapRunwayTask(task("task-failed-safety"))).toEqual({
      state: "failed",
      failure: {
        code: "content_filtered",
        message:
          "Runway's moderation blocked the generation (SAFETY.INPUT.TEXT): Your prompt was flagged by our content moderation system.",
      },
    });
    for (const failureCode of ["SAFETY.INPUT.IMAGE", "SAFETY.OUTPUT.VIDEO", "INPUT_PREPROCESSING.SAFETY.TEXT"]) {
      const result = mapRunwayTask({ ...base, status: "FAILED", failure: "Blocked.", failureCode });
      expect(result).toMatchObject({ state: "failed", failure: { code: "content_filtered" } });
      expect(JSON.stringify(result)).toContain(failureCode);
    }
  });

  it("maps other failures to provider_error with the code, the reason and advice", () => {
    const internal = mapRunwayTask(task("task-failed-internal"));
    expect(internal).toMatchObject({ state: "failed", failure: { code: "provider_error" } });
    expect(JSON.stringify(internal)).toMatch(
      /INTERNAL\.BAD_OUTPUT\.CODE01.*An unexpected error occurred.*text or graphics/,
    );
    for (const failureCode of ["INTERNAL", "INPUT_PREPROCESSING.INTERNAL", "THIRD_PARTY.UNAVAILABLE"]) {
      const result = mapRunwayTask({ ...base, status: "FAILED", failure: "Oops", failureCode });
      expect(result).toMatchObject({ state: "failed", failure: { code: "provider_error" } });
      expect(JSON.stringify(result)).toContain("trying again may work");
    }
    // A FAILED task without a code (the code is optional) is still a provider error.
    expect(mapRunwayTask({ ...base, status: "FAILED", failure: "Something broke" })).toEqual({
      state: "failed",
      failure: { code: "provider_error", message: "Runway failed the generation: Something broke." },
    });
  });

  it("maps an unusable input asset to invalid_input", () => {
    expect(
      mapRunwayTask({ ...base, status: "FAILED", failure: "Invalid asset dimensions", failureCode: "ASSET.INVALID" }),
    ).toMatchObject({ state: "failed", failure: { code: "invalid_input" } });
  });

  it("maps CANCELLED, and the CANCELED spelling, to cancelled", () => {
    expect(mapRunwayTask({ ...base, status: "CANCELLED" })).toEqual({ state: "cancelled" });
    expect(mapRunwayTask({ ...base, status: "CANCELED" })).toEqual({ state: "cancelled" });
    expect(mapRunwayTask({ ...base, status: "cancelled" })).toEqual({ state: "cancelled" });
  });

  it("throws a retryable bad_response for a status it does not know", () => {
    const error = (() => {
      try {
        return mapRunwayTask({ ...base, status: "ARCHIVED" });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ProviderCallError);
    expect(error).toMatchObject({ kind: "bad_response", retryable: true });
  });
});

describe("Runway response schemas and error reader", () => {
  it("parses the create answer leniently", () => {
    expect(runwayCreateResponseSchema.parse(fixture("create-response"))).toMatchObject({ id: base.id });
    expect(runwayCreateResponseSchema.safeParse({ estimatedCost: { credits: 5 } }).success).toBe(false);
  });

  it("requires the fields it reads on a task", () => {
    expect(runwayTaskResponseSchema.safeParse({ id: base.id }).success).toBe(false);
    expect(runwayTaskResponseSchema.safeParse({ ...base, status: "RUNNING", extra: { a: 1 } }).success).toBe(true);
  });

  it("reads Runway's string errors and lists validation issues by field", () => {
    expect(runwayErrorReader.message({ error: "Your daily task limit has been reached." })).toBe(
      "Your daily task limit has been reached.",
    );
    expect(runwayErrorReader.message(fixture("validation-error"))).toMatch(
      /^Validation of body failed \(ratio: Invalid option: expected one of "1280:720"/,
    );
    expect(runwayErrorReader.message({ error: { message: "not Runway's shape" } })).toBeUndefined();
    expect(runwayErrorReader.message({})).toBeUndefined();
  });
});
