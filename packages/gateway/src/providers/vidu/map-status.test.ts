import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  exactTaskId,
  parseViduTask,
  viduCreateResponseSchema,
  viduErrorReader,
  viduStatusResponseSchema,
  type ViduStatusResponse,
} from "./api.ts";
import { mapViduStatus } from "./map-status.ts";

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), "utf8")) as unknown;
}

const status = (name: string): ViduStatusResponse => viduStatusResponseSchema.parse(fixture(name));
const base = { id: "834561209874321408", err_code: "", credits: 10, payload: "job_1" };

describe("mapViduStatus", () => {
  it("treats created and queueing as queued, polling every 5 s and every 10 s after a minute", () => {
    expect(mapViduStatus({ ...base, state: "created" }, 1_000)).toEqual({ state: "queued", pollAfterMs: 5_000 });
    expect(mapViduStatus(status("task-queueing"), 1_000)).toEqual({ state: "queued", pollAfterMs: 5_000 });
    expect(mapViduStatus(status("task-queueing"), 61_000)).toEqual({ state: "queued", pollAfterMs: 10_000 });
  });

  it("treats processing and undocumented internal states as running, without progress", () => {
    expect(mapViduStatus(status("task-processing"), 0)).toEqual({ state: "running", pollAfterMs: 5_000 });
    for (const state of ["scheduled", "preparation", "scheduling"]) {
      expect(mapViduStatus({ ...base, state }, 0)).toEqual({ state: "running", pollAfterMs: 5_000 });
    }
  });

  it("returns the video and a thumbnail from cover_url, both public URLs", () => {
    const success = status("task-success");
    expect(mapViduStatus(success, 0)).toEqual({
      state: "succeeded",
      outputs: [
        { kind: "video", source: { type: "url", url: success.creations?.[0]?.url }, mediaType: "video/mp4" },
        {
          kind: "thumbnail",
          source: { type: "url", url: success.creations?.[0]?.cover_url },
          mediaType: "image/jpeg",
        },
      ],
    });
    const noCover = mapViduStatus({ ...base, state: "success", creations: [{ url: "https://x.test/v.mp4" }] }, 0);
    expect(noCover).toEqual({
      state: "succeeded",
      outputs: [{ kind: "video", source: { type: "url", url: "https://x.test/v.mp4" }, mediaType: "video/mp4" }],
    });
  });

  it("fails success without a usable video as no_output", () => {
    for (const creations of [[], undefined, null, [{ url: "" }], [{ cover_url: "https://x.test/c.jpeg" }]]) {
      expect(mapViduStatus({ ...base, state: "success", creations }, 0)).toMatchObject({
        state: "failed",
        failure: { code: "no_output" },
      });
    }
  });

  it("maps the three moderation err_codes to content_filtered with the reason", () => {
    expect(mapViduStatus(status("task-failed-policy"), 0)).toEqual({
      state: "failed",
      failure: {
        code: "content_filtered",
        message:
          "Vidu blocked the generation (CreationPolicyViolation): the output was blocked by Vidu's content policy.",
      },
    });
    for (const errCode of ["AuditSubmitIllegal", "TaskPromptPolicyViolation"]) {
      const result = mapViduStatus({ ...base, state: "failed", err_code: errCode }, 0);
      expect(result).toMatchObject({ state: "failed", failure: { code: "content_filtered" } });
      expect(JSON.stringify(result)).toContain(errCode);
    }
  });

  it("maps other failures to provider_error keeping the err_code, and UserCancelled to cancelled", () => {
    expect(mapViduStatus({ ...base, state: "failed", err_code: "InternalServiceFailure" }, 0)).toEqual({
      state: "failed",
      failure: {
        code: "provider_error",
        message:
          "Vidu failed the generation (InternalServiceFailure: Vidu had an internal failure; trying again may work).",
      },
    });
    expect(mapViduStatus({ ...base, state: "failed", err_code: "SomethingNew" }, 0)).toMatchObject({
      failure: { code: "provider_error", message: "Vidu failed the generation (SomethingNew)." },
    });
    expect(mapViduStatus({ ...base, state: "failed", err_code: "" }, 0)).toMatchObject({
      failure: { code: "provider_error", message: "Vidu failed the generation (no reason given)." },
    });
    expect(mapViduStatus({ ...base, state: "failed", err_code: "UserCancelled" }, 0)).toEqual({ state: "cancelled" });
    expect(mapViduStatus({ ...base, state: "canceled" }, 0)).toEqual({ state: "cancelled" });
    expect(mapViduStatus({ ...base, state: "cancelled" }, 0)).toEqual({ state: "cancelled" });
  });
});

describe("Vidu task ids above 2^53", () => {
  const big = "916205061116293121";

  it("keeps the create answer's string id exact", () => {
    const rawText = JSON.stringify({ task_id: big, state: "created" });
    const parsed = viduCreateResponseSchema.parse(JSON.parse(rawText));
    expect(exactTaskId(parsed.task_id, rawText)).toBe(big);
    expect(String(Number(big))).not.toBe(big);
  });

  it("recovers every digit from the raw text should the id arrive as a bare number", () => {
    const rawText = `{"task_id": ${big}, "state": "created"}`;
    const parsed = viduCreateResponseSchema.parse(JSON.parse(rawText));
    expect(parsed.task_id).not.toBe(big);
    expect(exactTaskId(parsed.task_id, rawText)).toBe(big);
    // A rounded number whose digits cannot be found is refused, never guessed.
    expect(exactTaskId(Number(big), "{}")).toBeNull();
    expect(exactTaskId(42, "{}")).toBe("42");
  });

  it("accepts only digit-string ids in a stored task", () => {
    expect(parseViduTask({ taskId: big, endpoint: "/img2video", model: "viduq1", createdAtMs: 5 })).toEqual({
      taskId: big,
      endpoint: "/img2video",
      model: "viduq1",
      createdAtMs: 5,
    });
    expect(parseViduTask({ taskId: Number(big) })).toBeNull();
    expect(parseViduTask({ taskId: "../tasks/1" })).toBeNull();
  });
});

describe("Vidu response schemas and error reader", () => {
  it("parses the reference's create answer and requires task_id", () => {
    expect(viduCreateResponseSchema.parse(fixture("create-response"))).toMatchObject({ task_id: "834561209874321408" });
    expect(viduCreateResponseSchema.safeParse({ state: "created" }).success).toBe(false);
  });

  it("reads Vidu's envelope as reason and message", () => {
    expect(viduErrorReader.message(fixture("validation-error"))).toBe("FieldInvalid: invalid field: duration");
    expect(viduErrorReader.message(fixture("cancel-refused"))).toBe(
      "BadRequest: task state is scheduled, can not cancel",
    );
    expect(viduErrorReader.message({ code: 429, reason: "QuotaExceeded" })).toBe("QuotaExceeded");
    expect(viduErrorReader.message({ error: "not Vidu's" })).toBeUndefined();
  });
});
