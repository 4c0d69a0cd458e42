import { describe, expect, it } from "vitest";
import { createCatalog } from "../catalog/catalog.ts";
import { findSpecProblems } from "../catalog/find-spec-problems.ts";
import { ALL_MODEL_SPECS } from "./all-models.ts";

const catalog = createCatalog(ALL_MODEL_SPECS);

function spec(id: string) {
  const found = catalog.get(id);
  if (found === undefined) throw new Error(`no model ${id}`);
  return found;
}

describe("ALL_MODEL_SPECS", () => {
  it("is a consistent catalog", () => {
    expect(findSpecProblems(ALL_MODEL_SPECS)).toEqual([]);
  });

  it("starts with the local renderer and covers every provider", () => {
    expect(ALL_MODEL_SPECS[0]?.id).toBe("local/preview");
    expect(new Set(ALL_MODEL_SPECS.map((model) => model.provider))).toEqual(
      new Set(["local", "google", "google-vertex", "runway", "openai", "pollo", "pixverse", "vidu"]),
    );
  });

  it.each([
    "google/veo-2.0-generate-001",
    "google/veo-3.0-generate-preview",
    "google/veo-3.0-fast-generate-preview",
    "google-vertex/veo-2.0-generate-001",
    "google-vertex/veo-3.0-generate-preview",
    "google-vertex/veo-3.0-fast-generate-preview",
    "runway/gen3a_turbo",
    "runway/gen4_turbo",
    "openai/sora-2",
    "pollo/sora/sora-2",
    "pollo/google/veo3-fast",
    "pixverse/v4.5",
    "vidu/vidu1.5",
  ])("knows the original app's model %s", (id) => {
    expect(catalog.get(id)).toBeDefined();
  });

  it("sends every retired model to a usable replacement", () => {
    const retired = ALL_MODEL_SPECS.filter((model) => model.lifecycle.status === "retired");
    expect(retired.length).toBeGreaterThan(0);
    for (const model of retired) {
      const replacement = model.lifecycle.replacement;
      expect(replacement, model.id).toBeDefined();
      expect(spec(replacement ?? "").lifecycle.status, model.id).toBe("active");
    }
  });

  it("records the lifecycle facts of the reference", () => {
    expect(spec("google-vertex/veo-3.0-generate-001").lifecycle).toMatchObject({
      status: "retired",
      since: "2026-06-30",
      replacement: "google-vertex/veo-3.1-generate-001",
    });
    expect(spec("openai/sora-2").lifecycle).toMatchObject({ status: "retired", since: "2026-09-24" });
    expect(spec("runway/gen3a_turbo").lifecycle).toMatchObject({
      status: "retired",
      replacement: "runway/gen4_turbo",
    });
    expect(spec("google-vertex/veo-3.1-generate-001").lifecycle.status).toBe("active");
  });

  it("keeps Runway's gen3a_turbo and gen4_turbo image-only, as the API is", () => {
    expect(spec("runway/gen4_turbo").inputs.text).toBe(false);
    expect(spec("runway/gen3a_turbo").inputs.text).toBe(false);
    expect(spec("runway/gen4.5").inputs.text).toBe(true);
  });

  it("offers vidu1.5 4 and 8 seconds, not the original app's 5", () => {
    expect(spec("vidu/vidu1.5").durationsSeconds).toEqual([4, 8]);
  });

  it("gives Veo 3 Fast on Pollo the original app's capabilities", () => {
    expect(spec("pollo/google/veo3-fast")).toMatchObject({
      resolutions: ["720p", "1080p"],
      seed: true,
      negativePrompt: true,
      audio: "optional",
    });
  });

  it("gives image requirements to exactly the models that take a first or last frame", () => {
    for (const model of ALL_MODEL_SPECS) {
      const takesFrames = model.inputs.firstFrame || model.inputs.lastFrame;
      expect(model.imageInput !== undefined, model.id).toBe(takesFrames);
    }
    expect(spec("vidu/viduq2").imageInput).toBeUndefined();
  });

  it("sends Veo images inline on both surfaces, fitted to the video's shape", () => {
    for (const id of [
      "google/veo-3.1-generate-preview",
      "google-vertex/veo-2.0-generate-001",
      "google-vertex/veo-3.1-generate-001",
    ]) {
      expect(spec(id).imageInput, id).toMatchObject({ delivery: "inline", match: "aspect", formats: ["jpeg", "png"] });
    }
  });

  it("keeps Runway images inline under 3.3 MB, width ÷ height 0.5–2, without matching 21:9", () => {
    expect(spec("runway/gen4_turbo").imageInput).toMatchObject({
      delivery: "inline",
      maxBytes: 3_300_000,
      maxSidePx: 8000,
      aspectRange: { min: 0.5, max: 2 },
      formats: ["jpeg", "png", "webp"],
    });
    expect(spec("runway/gen4_turbo").imageInput?.match).toBeUndefined();
    expect(spec("runway/gen4_turbo").aspectRatios).toContain("21:9");
  });

  it("asks for a prompt with an image only where the provider does", () => {
    const promptRequired = (id: string) => spec(id).imageInput?.promptRequired === true;
    expect(promptRequired("runway/gen4_turbo")).toBe(false);
    expect(promptRequired("runway/gen4.5")).toBe(true);
    expect(promptRequired("runway/veo3.1")).toBe(false);
    expect(promptRequired("openai/sora-2")).toBe(true);
    expect(promptRequired("pixverse/v4.5")).toBe(true);
    expect(promptRequired("vidu/viduq1")).toBe(false);
    expect(promptRequired("pollo/google/veo3-fast")).toBe(false);
  });

  it("records each provider's image delivery and limits", () => {
    expect(spec("openai/sora-2-pro").imageInput).toMatchObject({ match: "exact_size", delivery: "inline" });
    expect(spec("pollo/google/veo3-fast").imageInput).toMatchObject({
      delivery: "url",
      formats: ["jpeg", "png"],
      aspectRange: { min: 0.25, max: 4 },
      match: "aspect",
    });
    expect(spec("pollo/sora/sora-2").imageInput).toMatchObject({ delivery: "url", match: "exact_size" });
    expect(spec("pixverse/v3.5").imageInput).toMatchObject({
      delivery: "provider_upload",
      maxSidePx: 4000,
      maxBytes: 19_999_999,
    });
    expect(spec("vidu/viduq3-pro").imageInput).toMatchObject({
      delivery: "inline",
      maxBytes: 7_000_000,
      aspectRange: { min: 0.25, max: 4 },
    });
  });

  it("prices every usable non-local model", () => {
    const priced = ALL_MODEL_SPECS.filter((model) => model.provider !== "local");
    for (const model of priced) expect(model.pricing.perSecondUsd, model.id).toBeGreaterThan(0);
  });
});
