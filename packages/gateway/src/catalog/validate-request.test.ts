import type { JobRequestInput } from "../core/types.ts";
import { describe, expect, it } from "vitest";
import { ALL_MODEL_SPECS } from "../providers/all-models.ts";
import { createCatalog } from "./catalog.ts";
import { makeSpec } from "./test-support/make-spec.ts";
import type { RequestCheck } from "../core/model-spec.ts";
import { validateRequest } from "./validate-request.ts";

const catalog = createCatalog(ALL_MODEL_SPECS);
const validate = (input: JobRequestInput): RequestCheck => validateRequest(input, catalog);

function issuesOf(result: RequestCheck) {
  if (result.ok) throw new Error(`expected issues, got ${JSON.stringify(result.request)}`);
  return result.issues;
}

function accepted(result: RequestCheck) {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.issues)}`);
  return result;
}

describe("validateRequest: models", () => {
  it("rejects an unknown model, points to the model list and suggests close ids", () => {
    const [issue, ...rest] = issuesOf(validate({ model: "runway/gen4", prompt: "a kite" }));
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ field: "model", code: "unknown_model" });
    expect(issue?.message).toContain("GET /api/v1/models");
    expect(issue?.message).toContain("runway/gen4_turbo");
    expect(issue?.message).toContain("runway/gen4.5");
  });

  it("suggests the model a vendor id names, without its provider prefix", () => {
    const [issue] = issuesOf(validate({ model: "veo-3.1-fast-generate-001", prompt: "a kite" }));
    expect(issue?.message).toContain("Close matches: google-vertex/veo-3.1-fast-generate-001");
  });

  it("suggests nothing when no id is close and never suggests a retired model", () => {
    const [unrelated] = issuesOf(validate({ model: "zz-unknown", prompt: "a kite" }));
    expect(unrelated?.message).not.toContain("Close matches");
    const [sora] = issuesOf(validate({ model: "openai/sora-3", prompt: "a kite" }));
    expect(sora?.message).not.toContain("openai/sora-2");
  });

  it("answers a retired model with its replacement and the data for a 410", () => {
    const result = validate({ model: "google-vertex/veo-3.0-generate-001", prompt: "a kite" });
    expect(result).toEqual({
      ok: false,
      issues: [expect.objectContaining({ field: "model", code: "model_retired" })],
      retired: {
        model: "google-vertex/veo-3.0-generate-001",
        since: "2026-06-30",
        replacement: "google-vertex/veo-3.1-generate-001",
      },
    });
    expect(issuesOf(result)[0]?.message).toContain('Use "google-vertex/veo-3.1-generate-001"');
  });

  it("resolves the original app's preview id to the retired GA model and its replacement", () => {
    const result = validate({ model: "google-vertex/veo-3.0-fast-generate-preview", prompt: "x" });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.retired).toEqual({
      model: "google-vertex/veo-3.0-fast-generate-001",
      since: "2026-06-30",
      replacement: "google-vertex/veo-3.1-fast-generate-001",
    });
  });

  it("answers a retired model without successor by pointing to the model list", () => {
    const spec = makeSpec({ lifecycle: { status: "retired", note: "Gone upstream." } });
    const result = createCatalog([spec]).validate({ model: spec.id, prompt: "x" });
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          field: "model",
          code: "model_retired",
          message: 'Model "local/test" is retired. Gone upstream. See GET /api/v1/models.',
        },
      ],
      retired: { model: "local/test" },
    });
  });

  it("accepts a deprecated model", () => {
    expect(validate({ model: "vidu/vidu1.5", prompt: "a kite" }).ok).toBe(true);
  });

  it("normalises an alias to the model's own id", () => {
    const aliased = createCatalog([makeSpec({ aliases: ["local/old-test"] })]);
    const result = accepted(aliased.validate({ model: "local/old-test", prompt: "a kite" }));
    expect(result.request.model).toBe("local/test");
  });
});

describe("validateRequest: prompts", () => {
  it("says an image-only model needs an image input", () => {
    const issues = issuesOf(validate({ model: "runway/gen4_turbo", prompt: "a kite" }));
    expect(issues).toEqual([expect.objectContaining({ field: "model", code: "text_to_video_unsupported" })]);
    expect(issues[0]?.message).toContain("image input");
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["blank", "  \n "],
  ])("requires a prompt for text-to-video (%s)", (_, prompt) => {
    const issues = issuesOf(validate({ model: "runway/gen4.5", prompt }));
    expect(issues).toEqual([expect.objectContaining({ field: "prompt", code: "prompt_required" })]);
  });

  it("rejects a prompt longer than the model's limit, and accepts one at the limit", () => {
    const issues = issuesOf(validate({ model: "runway/gen4.5", prompt: "a".repeat(1001) }));
    expect(issues).toEqual([expect.objectContaining({ field: "prompt", code: "prompt_too_long" })]);
    expect(issues[0]?.message).toContain("1000");
    expect(validate({ model: "runway/gen4.5", prompt: "a".repeat(1000) }).ok).toBe(true);
  });

  it("rejects a negative prompt longer than the limit", () => {
    const issues = issuesOf(
      validate({ model: "pollo/google/veo3-fast", prompt: "x", negativePrompt: "b".repeat(2001) }),
    );
    expect(issues).toEqual([expect.objectContaining({ field: "negativePrompt", code: "prompt_too_long" })]);
  });
});

describe("validateRequest: values", () => {
  it("reports an unsupported duration and aspect ratio on gen4_turbo, each with its allowed values", () => {
    // The reference gives gen4_turbo every integer from 2 to 10 s, so 12 is the unsupported value.
    const issues = issuesOf(validate({ model: "runway/gen4_turbo", durationSeconds: 12, aspectRatio: "2:1" }));
    expect(issues).toContainEqual(
      expect.objectContaining({
        field: "durationSeconds",
        code: "unsupported_value",
        allowed: [2, 3, 4, 5, 6, 7, 8, 9, 10],
      }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({
        field: "aspectRatio",
        code: "unsupported_value",
        allowed: ["16:9", "9:16", "4:3", "3:4", "1:1", "21:9"],
      }),
    );
    // gen4_turbo has no text-to-video, so the third problem is reported in the same answer.
    expect(issues.map((issue) => issue.code)).toContain("text_to_video_unsupported");
  });

  it("accepts 7 s on gen4_turbo as far as duration goes (2–10 s since 2025-10-08)", () => {
    const issues = issuesOf(validate({ model: "runway/gen4_turbo", durationSeconds: 7 }));
    expect(issues.map((issue) => issue.field)).not.toContain("durationSeconds");
  });

  it("rejects a resolution the model does not render", () => {
    const issues = issuesOf(validate({ model: "runway/gen4.5", prompt: "x", resolution: "4k" }));
    expect(issues).toEqual([
      expect.objectContaining({ field: "resolution", code: "unsupported_value", allowed: ["720p"] }),
    ]);
  });

  it("rejects audio on a silent model and silence on an always-audio model", () => {
    const silent = issuesOf(validate({ model: "google-vertex/veo-2.0-generate-001", prompt: "x", audio: true }));
    expect(silent).toEqual([expect.objectContaining({ field: "audio", code: "unsupported_value", allowed: [false] })]);
    const loud = issuesOf(validate({ model: "runway/veo3", prompt: "x", audio: false }));
    expect(loud).toEqual([expect.objectContaining({ field: "audio", code: "unsupported_value", allowed: [true] })]);
    expect(loud[0]?.message).toContain("always generates audio");
  });

  it("rejects a seed or negative prompt the model does not take", () => {
    const spec = makeSpec({ seed: false, negativePrompt: false });
    const issues = issuesOf(
      createCatalog([spec]).validate({ model: spec.id, prompt: "x", seed: 7, negativePrompt: "blur" }),
    );
    expect(issues).toEqual([
      expect.objectContaining({ field: "seed", code: "unsupported_field" }),
      expect.objectContaining({ field: "negativePrompt", code: "unsupported_field" }),
    ]);
  });
});

describe("validateRequest: cross-field constraints", () => {
  it("rejects Veo 3.1 at 1080p for 4 s, naming the reason and the allowed duration", () => {
    const issues = issuesOf(
      validate({
        model: "google-vertex/veo-3.1-generate-001",
        prompt: "x",
        resolution: "1080p",
        durationSeconds: 4,
      }),
    );
    expect(issues).toEqual([
      expect.objectContaining({ field: "durationSeconds", code: "constraint_violated", allowed: [8] }),
    ]);
    expect(issues[0]?.message).toContain("1080p only for 8-second videos");
  });

  it("checks constraints against defaults and says when the default is at fault", () => {
    const spec = makeSpec({
      defaults: { durationSeconds: 4, aspectRatio: "16:9", resolution: "720p", audio: false },
      constraints: [{ when: { durationSeconds: [8] }, allow: { resolution: ["1080p"] }, reason: "8 s is 1080p." }],
    });
    const issues = issuesOf(createCatalog([spec]).validate({ model: spec.id, prompt: "x", durationSeconds: 8 }));
    expect(issues).toEqual([
      expect.objectContaining({ field: "resolution", code: "constraint_violated", allowed: ["1080p"] }),
    ]);
    expect(issues[0]?.message).toContain("(the model's default)");
  });

  it("applies boolean conditions (Vidu 1.5 music only at 4 s)", () => {
    const issues = issuesOf(validate({ model: "vidu/vidu1.5", prompt: "x", durationSeconds: 8, audio: true }));
    expect(issues).toEqual([
      expect.objectContaining({ field: "durationSeconds", code: "constraint_violated", allowed: [4] }),
    ]);
  });

  it("does not apply a constraint to a field already reported as unsupported", () => {
    const issues = issuesOf(
      validate({
        model: "google-vertex/veo-3.1-generate-001",
        prompt: "x",
        resolution: "1080p",
        durationSeconds: 5,
      }),
    );
    expect(issues.map((issue) => issue.code)).toEqual(["unsupported_value"]);
  });

  it("accepts a combination the constraint allows", () => {
    const result = validate({ model: "pixverse/v4.5", prompt: "x", resolution: "1080p" });
    expect(accepted(result).request.durationSeconds).toBe(5);
    expect(
      issuesOf(validate({ model: "pixverse/v4.5", prompt: "x", resolution: "1080p", durationSeconds: 8 })),
    ).toEqual([expect.objectContaining({ field: "durationSeconds", code: "constraint_violated" })]);
  });
});

describe("validateRequest: results", () => {
  it("lists every problem at once", () => {
    const spec = makeSpec({
      audio: "none",
      seed: false,
      negativePrompt: false,
      defaults: { durationSeconds: 4, aspectRatio: "16:9", resolution: "720p", audio: false },
    });
    const issues = issuesOf(
      createCatalog([spec]).validate({
        model: spec.id,
        durationSeconds: 11,
        aspectRatio: "2:1",
        resolution: "4k",
        audio: true,
        seed: 1,
        negativePrompt: "blur",
      }),
    );
    expect(issues.map((issue) => issue.field).toSorted()).toEqual(
      ["aspectRatio", "audio", "durationSeconds", "negativePrompt", "prompt", "resolution", "seed"].toSorted(),
    );
  });

  it("writes every default out and keeps what was given unchanged", () => {
    const result = accepted(validate({ model: "local/preview", prompt: "  a red kite  " }));
    expect(result.request).toEqual({
      model: "local/preview",
      prompt: "  a red kite  ",
      durationSeconds: 4,
      aspectRatio: "16:9",
      resolution: "720p",
      audio: false,
      providerOptions: {},
      metadata: {},
    });
    expect(result.spec.id).toBe("local/preview");
  });

  it("passes optional fields, provider options and metadata through", () => {
    const result = accepted(
      validate({
        model: "pollo/google/veo3-fast",
        prompt: "a kite",
        negativePrompt: "blur",
        seed: 42,
        durationSeconds: 6,
        aspectRatio: "9:16",
        resolution: "1080p",
        audio: false,
        providerOptions: { personGeneration: "allow_adult" },
        metadata: { tenant: "t1" },
      }),
    );
    expect(result.request).toEqual({
      model: "pollo/google/veo3-fast",
      prompt: "a kite",
      negativePrompt: "blur",
      seed: 42,
      durationSeconds: 6,
      aspectRatio: "9:16",
      resolution: "1080p",
      audio: false,
      providerOptions: { personGeneration: "allow_adult" },
      metadata: { tenant: "t1" },
    });
  });

  it("quotes the price and the render time", () => {
    const spec = makeSpec({
      pricing: { perSecondUsd: 0.2, perSecondUsdWithAudio: 0.4 },
      typicalRenderSeconds: 60,
    });
    const result = accepted(
      createCatalog([spec]).validate({ model: spec.id, prompt: "x", durationSeconds: 8, audio: true }),
    );
    expect(result.priceUsd).toBe(3.2);
    expect(result.expectedRenderSeconds).toBe(90);
  });
});
