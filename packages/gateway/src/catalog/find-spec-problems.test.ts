import { describe, expect, it } from "vitest";
import type { ImageRequirements, ModelSpec } from "../core/model-spec.ts";
import { findSpecProblems } from "./find-spec-problems.ts";
import { makeSpec } from "./test-support/make-spec.ts";

const defaults: ModelSpec["defaults"] = {
  durationSeconds: 4,
  aspectRatio: "16:9",
  resolution: "720p",
  audio: false,
};

describe("findSpecProblems", () => {
  it("finds nothing wrong with a sound spec", () => {
    expect(findSpecProblems([makeSpec()])).toEqual([]);
  });

  it.each<[string, Partial<ModelSpec>, string]>([
    ["an id that is not provider/vendor id", { id: "local/other" }, 'id should be "local/test"'],
    ["an alias of another provider", { aliases: ["runway/test"] }, 'alias "runway/test" must start with "local/"'],
    [
      "no input",
      { inputs: { text: false, firstFrame: false, lastFrame: false, references: false } },
      "accepts no input at all",
    ],
    ["an empty duration list", { durationsSeconds: [] }, "durationsSeconds is empty"],
    ["a repeated aspect ratio", { aspectRatios: ["16:9", "16:9"] }, "aspectRatios has duplicates"],
    [
      "a default resolution the model lacks",
      { defaults: { ...defaults, resolution: "4k" } },
      "default resolution 4k is not among its allowed values",
    ],
    [
      "default audio on a silent model",
      { audio: "none", defaults: { ...defaults, audio: true } },
      "default audio true is not among its allowed values",
    ],
    [
      "defaults that break a constraint",
      {
        constraints: [{ when: { resolution: ["720p"] }, allow: { durationSeconds: [8] }, reason: "720p is 8 s" }],
      },
      "the defaults break constraint 1 on durationSeconds",
    ],
    [
      "a constraint naming a value the model lacks",
      {
        constraints: [{ when: { durationSeconds: [6] }, allow: { resolution: ["720p"] }, reason: "r" }],
      },
      'constraint 1: "when.durationSeconds" names values the model lacks: 6',
    ],
    [
      "a constraint on audio of a silent model",
      {
        audio: "none",
        constraints: [{ when: { audio: true }, allow: { durationSeconds: [4] }, reason: "r" }],
      },
      'constraint 1: "when.audio" names values the model lacks: true',
    ],
    [
      "a constraint without condition",
      { constraints: [{ when: {}, allow: { durationSeconds: [4] }, reason: "r" }] },
      'constraint 1: "when" names no field',
    ],
    [
      "a constraint allowing nothing",
      { constraints: [{ when: { durationSeconds: [8] }, allow: { resolution: [] }, reason: "r" }] },
      'constraint 1: "allow.resolution" lists no value',
    ],
    [
      "a constraint without reason",
      { constraints: [{ when: { durationSeconds: [8] }, allow: { resolution: ["1080p"] }, reason: " " }] },
      "constraint 1: has no reason",
    ],
    [
      "a malformed lifecycle date",
      { lifecycle: { status: "retired", since: "June 2026" } },
      'since "June 2026" is not YYYY-MM-DD',
    ],
    [
      "a replacement that does not exist",
      { lifecycle: { status: "retired", replacement: "local/nothing" } },
      'replacement "local/nothing" is not in the catalog',
    ],
    [
      "a model replacing itself",
      { lifecycle: { status: "deprecated", replacement: "local/test" } },
      "names itself as its replacement",
    ],
    ["a zero prompt limit", { promptMaxLength: 0 }, "promptMaxLength must be a positive integer"],
    ["a zero render time", { typicalRenderSeconds: 0 }, "typicalRenderSeconds must be positive"],
    ["a negative price", { pricing: { perSecondUsd: -1 } }, "prices must not be negative"],
    [
      "a price for a resolution not offered",
      { pricing: { perSecondUsd: 0.1, perSecondUsdByResolution: { "4k": 0.5 } } },
      "priced resolution 4k is not offered",
    ],
    [
      "an audio price on an always-audio model",
      {
        audio: "always",
        defaults: { ...defaults, audio: true },
        pricing: { perSecondUsd: 0.1, perSecondUsdWithAudio: 0.2 },
      },
      "perSecondUsdWithAudio needs audio: optional",
    ],
    [
      "an audio price below the base price",
      { pricing: { perSecondUsd: 0.2, perSecondUsdWithAudio: 0.1 } },
      "perSecondUsdWithAudio must not be below perSecondUsd",
    ],
  ])("reports %s", (_, overrides, expected) => {
    const spec = makeSpec(overrides);
    const problems = findSpecProblems([spec]);
    expect(problems).toContainEqual(`${spec.id}: ${expected}`);
  });

  it("reports an alias that collides with another model's id", () => {
    const other = makeSpec({ id: "local/other", vendorModelId: "other", aliases: ["local/test"] });
    expect(findSpecProblems([makeSpec(), other])).toEqual([
      '"local/test" is claimed by both local/test and local/other',
    ]);
  });

  it("reports a replacement that is itself retired", () => {
    const old = makeSpec({ lifecycle: { status: "retired", replacement: "local/newer" } });
    const newer = makeSpec({
      id: "local/newer",
      vendorModelId: "newer",
      lifecycle: { status: "retired" },
    });
    expect(findSpecProblems([old, newer])).toEqual(['local/test: replacement "local/newer" is itself retired']);
  });
});

describe("findSpecProblems: image input", () => {
  const frames: ModelSpec["inputs"] = { text: true, firstFrame: true, lastFrame: true, references: false };
  const image: ImageRequirements = {
    formats: ["jpeg", "png"],
    maxBytes: 5_000_000,
    minSidePx: 300,
    maxSidePx: 4000,
    aspectRange: { min: 0.5, max: 2 },
    match: "aspect",
    fit: "crop",
    delivery: "url",
  };
  const withImage = (overrides: Partial<ImageRequirements>): Partial<ModelSpec> => ({
    inputs: frames,
    imageInput: { ...image, ...overrides },
  });

  it("finds nothing wrong with a sound image spec", () => {
    expect(findSpecProblems([makeSpec(withImage({}))])).toEqual([]);
  });

  it.each<[string, Partial<ModelSpec>, string]>([
    ["a first frame without requirements", { inputs: frames }, "takes a first or last frame but has no imageInput"],
    [
      "a last frame without requirements",
      { inputs: { text: true, firstFrame: false, lastFrame: true, references: false } },
      "takes a first or last frame but has no imageInput",
    ],
    ["requirements without frames", { imageInput: image }, "has imageInput but takes no first or last frame"],
    ["no format", withImage({ formats: [] }), "imageInput.formats is empty"],
    ["a repeated format", withImage({ formats: ["png", "png"] }), "imageInput.formats has duplicates"],
    ["a zero byte limit", withImage({ maxBytes: 0 }), "imageInput.maxBytes must be positive"],
    ["a zero shortest side", withImage({ minSidePx: 0 }), "imageInput.minSidePx must be positive"],
    [
      "a shortest side above the longest",
      withImage({ minSidePx: 5000 }),
      "imageInput.minSidePx must not exceed maxSidePx",
    ],
    [
      "an inverted aspect range",
      withImage({ aspectRange: { min: 2, max: 0.5 }, match: undefined }),
      "imageInput.aspectRange.min must not exceed max",
    ],
    [
      "a zero aspect minimum",
      withImage({ aspectRange: { min: 0, max: 2 } }),
      "imageInput.aspectRange.min must be positive",
    ],
    [
      "matching to a ratio the range refuses",
      withImage({ aspectRange: { min: 0.6, max: 2 } }),
      "imageInput.match fits images to aspect ratios outside aspectRange: 9:16",
    ],
  ])("reports %s", (_, overrides, expected) => {
    const spec = makeSpec(overrides);
    expect(findSpecProblems([spec])).toContainEqual(`${spec.id}: ${expected}`);
  });

  it("allows a range narrower than the offered ratios when images are not matched to them", () => {
    const spec = makeSpec(withImage({ aspectRange: { min: 0.6, max: 2 }, match: undefined }));
    expect(findSpecProblems([spec])).toEqual([]);
  });
});
