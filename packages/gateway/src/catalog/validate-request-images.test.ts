import { describe, expect, it } from "vitest";
import type { ImageFacts, ImageRequirements, InputImageFacts, RequestCheck } from "../core/model-spec.ts";
import type { JobRequestInput } from "../core/types.ts";
import { ALL_MODEL_SPECS } from "../providers/all-models.ts";
import { createCatalog } from "./catalog.ts";
import { makeSpec } from "./test-support/make-spec.ts";
import { validateRequest } from "./validate-request.ts";

const catalog = createCatalog(ALL_MODEL_SPECS);
const validate = (input: JobRequestInput, images?: InputImageFacts): RequestCheck =>
  validateRequest(input, catalog, images);

const VEO = "google-vertex/veo-3.1-generate-001";
const FIRST = { uploadId: "upl_first" };
const LAST = { uploadId: "upl_last" };

function facts(width: number, height: number, uploadId = "upl_first"): ImageFacts {
  return { uploadId, width, height, mediaType: "image/png" };
}

function issuesOf(result: RequestCheck) {
  if (result.ok) throw new Error(`expected issues, got ${JSON.stringify(result.request)}`);
  return result.issues;
}

function accepted(result: RequestCheck) {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.issues)}`);
  return result;
}

/** A one-model catalog whose model takes first and last frames with these requirements. */
function imageCatalog(requirements: Partial<ImageRequirements>) {
  const spec = makeSpec({
    inputs: { text: true, firstFrame: true, lastFrame: true, references: false },
    imageInput: { formats: ["jpeg"], maxBytes: 1_000_000, fit: "crop", delivery: "url", ...requirements },
  });
  return createCatalog([spec]);
}

describe("validateRequest: image fields", () => {
  it("refuses a first frame for a model without one and names active models of its provider", () => {
    const issues = issuesOf(validate({ model: "vidu/viduq2", prompt: "x", image: FIRST }, { image: facts(1280, 720) }));
    expect(issues).toEqual([expect.objectContaining({ field: "image", code: "unsupported_field" })]);
    expect(issues[0]?.message).toContain("vidu/viduq2 does not take a first frame");
    // vidu1.5 is deprecated and not suggested.
    expect(issues[0]?.message).toContain("e.g. vidu/viduq1, vidu/viduq3-turbo, vidu/viduq3-pro.");
  });

  it("names other providers' models when the provider has none that take the frame", () => {
    const textOnly = makeSpec();
    const other = makeSpec({
      id: "runway/framed",
      provider: "runway",
      vendorModelId: "framed",
      inputs: { text: true, firstFrame: true, lastFrame: false, references: false },
      imageInput: { formats: ["png"], maxBytes: 1000, fit: "crop", delivery: "inline" },
    });
    const issues = issuesOf(
      createCatalog([textOnly, other]).validate(
        { model: "local/test", prompt: "x", image: FIRST },
        { image: facts(8, 8) },
      ),
    );
    expect(issues[0]?.message).toContain("e.g. runway/framed.");
  });

  it("refuses a last frame for a first-frame-only model, naming the same provider's models first", () => {
    const issues = issuesOf(
      validate(
        { model: "runway/gen4_turbo", image: FIRST, lastFrame: LAST },
        { image: facts(1280, 720), lastFrame: facts(1280, 720, "upl_last") },
      ),
    );
    expect(issues).toEqual([expect.objectContaining({ field: "lastFrame", code: "unsupported_field" })]);
    expect(issues[0]?.message).toContain("does not take a last frame");
    expect(issues[0]?.message).toContain("e.g. runway/veo3.1, runway/veo3.1_fast");
  });

  it("refuses a last frame without a first frame (Veo 3.1: last-only not allowed)", () => {
    const issues = issuesOf(
      validate({ model: VEO, prompt: "x", lastFrame: LAST }, { lastFrame: facts(1280, 720, "upl_last") }),
    );
    expect(issues).toEqual([expect.objectContaining({ field: "lastFrame", code: "first_frame_required" })]);
  });

  it("reports an image given without facts as unresolved, per field", () => {
    const issues = issuesOf(
      validate(
        { model: VEO, image: { url: "https://example.com/a.png" }, lastFrame: LAST },
        { image: facts(1280, 720) },
      ),
    );
    expect(issues).toEqual([expect.objectContaining({ field: "lastFrame", code: "image_unresolved" })]);
    const none = issuesOf(validate({ model: VEO, image: FIRST }));
    expect(none).toEqual([expect.objectContaining({ field: "image", code: "image_unresolved" })]);
    expect(none[0]?.message).toContain("POST /api/v1/uploads");
  });

  it("throws when the facts describe another upload than the request names", () => {
    expect(() => validate({ model: VEO, image: FIRST }, { image: facts(1280, 720, "upl_other") })).toThrow(/upl_other/);
  });

  it("refuses an image smaller than the provider's minimum, with both sizes", () => {
    const small = imageCatalog({ minSidePx: 720 });
    const issues = issuesOf(small.validate({ model: "local/test", image: FIRST }, { image: facts(960, 640) }));
    expect(issues).toEqual([expect.objectContaining({ field: "image", code: "image_too_small" })]);
    expect(issues[0]?.message).toContain("960×640");
    expect(issues[0]?.message).toContain("at least 720 px");
    expect(small.validate({ model: "local/test", image: FIRST }, { image: facts(1280, 720) }).ok).toBe(true);
  });
});

describe("validateRequest: image-to-video prompts", () => {
  it("keeps text_to_video_unsupported for an image-only model without an image", () => {
    const issues = issuesOf(validate({ model: "runway/gen4_turbo", prompt: "a kite" }));
    expect(issues.map((issue) => issue.code)).toEqual(["text_to_video_unsupported"]);
  });

  it("accepts an image-only model with an image and no prompt where the provider allows it", () => {
    const result = accepted(validate({ model: "runway/gen4_turbo", image: FIRST }, { image: facts(1280, 720) }));
    expect(result.request.prompt).toBe("");
    expect(result.request.image).toEqual(FIRST);
    expect(accepted(validate({ model: VEO, image: FIRST }, { image: facts(1280, 720) })).request.prompt).toBe("");
  });

  it.each(["runway/gen4.5", "pixverse/v5"])("requires a prompt with an image on %s", (model) => {
    const issues = issuesOf(validate({ model, prompt: "  ", image: FIRST }, { image: facts(1280, 720) }));
    expect(issues).toEqual([expect.objectContaining({ field: "prompt", code: "prompt_required" })]);
    expect(issues[0]?.message).toContain("even with a first frame");
  });
});

describe("validateRequest: normalised images", () => {
  it("carries both frames as uploads, whatever form the request gave them in", () => {
    const result = accepted(
      validate(
        {
          model: VEO,
          prompt: "x",
          image: { dataUri: "data:image/png;base64,AAAA" },
          lastFrame: { url: "https://example.com/b.png" },
        },
        { image: facts(1280, 720, "upl_a"), lastFrame: facts(1280, 720, "upl_b") },
      ),
    );
    expect(result.request.image).toEqual({ uploadId: "upl_a" });
    expect(result.request.lastFrame).toEqual({ uploadId: "upl_b" });
    expect(result.notes).toBeUndefined();
  });

  it("ignores facts for images the request does not give", () => {
    const result = accepted(validate({ model: VEO, prompt: "x" }, { image: facts(1280, 720) }));
    expect(result.request.image).toBeUndefined();
  });

  it("is reached through Catalog.validate", () => {
    const result = accepted(catalog.validate({ model: VEO, image: FIRST }, { image: facts(1280, 720) }));
    expect(result.request.image).toEqual(FIRST);
  });
});

describe("validateRequest: notes on image fitting", () => {
  it("says when a first frame will be cropped to the video's shape", () => {
    const result = accepted(validate({ model: VEO, image: FIRST }, { image: facts(1024, 768) }));
    expect(result.notes).toEqual([
      {
        code: "image_will_be_cropped",
        message: `The first frame is 4:3 (1024×768) and will be cropped to 16:9 for ${VEO}.`,
      },
    ]);
  });

  it("stays quiet about shapes within 1% of the video's", () => {
    expect(accepted(validate({ model: VEO, image: FIRST }, { image: facts(1920, 1088) })).notes).toBeUndefined();
    expect(accepted(validate({ model: VEO, image: FIRST }, { image: facts(854, 480) })).notes).toBeUndefined();
  });

  it("notes each frame separately", () => {
    const result = accepted(
      validate(
        { model: VEO, aspectRatio: "9:16", image: FIRST, lastFrame: LAST },
        { image: facts(720, 1280), lastFrame: facts(1000, 667, "upl_last") },
      ),
    );
    expect(result.notes).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^The last frame is 1\.50:1 \(1000×667\) .* to 9:16 for /),
      }),
    ]);
  });

  it("names the exact size for exact-size models and says padded for padding models", () => {
    const exact = imageCatalog({ match: "exact_size" });
    const cropped = accepted(exact.validate({ model: "local/test", image: FIRST }, { image: facts(1000, 1000) }));
    expect(cropped.notes?.[0]?.message).toBe(
      "The first frame is 1:1 (1000×1000) and will be cropped to 16:9 (1280×720) for local/test.",
    );
    // Same shape, other size: scaling is routine and not worth a note.
    expect(
      accepted(exact.validate({ model: "local/test", image: FIRST }, { image: facts(1920, 1080) })).notes,
    ).toBeUndefined();

    const padded = imageCatalog({ match: "aspect", fit: "pad" });
    const result = accepted(
      padded.validate({ model: "local/test", aspectRatio: "9:16", image: FIRST }, { image: facts(1000, 1000) }),
    );
    expect(result.notes).toEqual([expect.objectContaining({ code: "image_will_be_padded" })]);
    expect(result.notes?.[0]?.message).toContain("padded to 9:16");
  });

  it("says when an image outside the provider's shape range will be cropped into it", () => {
    const result = accepted(validate({ model: "runway/gen4_turbo", image: FIRST }, { image: facts(300, 900) }));
    expect(result.notes).toEqual([
      {
        code: "image_will_be_cropped",
        message:
          "The first frame is 1:3 (300×900), outside the shapes runway/gen4_turbo accepts (width ÷ height 0.5 to 2), and will be cropped to fit.",
      },
    ]);
    // Runway does not match the video's shape: a 4:3 image within range is left alone.
    expect(
      accepted(validate({ model: "runway/gen4_turbo", image: FIRST }, { image: facts(1024, 768) })).notes,
    ).toBeUndefined();
  });
});
