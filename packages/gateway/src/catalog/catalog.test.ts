import { describe, expect, it } from "vitest";
import { ALL_MODEL_SPECS } from "../providers/all-models.ts";
import { createCatalog } from "./catalog.ts";
import { makeSpec } from "./test-support/make-spec.ts";

describe("createCatalog", () => {
  it("accepts every built-in model spec", () => {
    expect(() => createCatalog(ALL_MODEL_SPECS)).not.toThrow();
  });

  it("refuses inconsistent specs, listing every problem", () => {
    const broken = makeSpec({
      defaults: { durationSeconds: 5, aspectRatio: "16:9", resolution: "720p", audio: false },
      constraints: [{ when: { resolution: ["4k"] }, allow: { durationSeconds: [8] }, reason: "x" }],
    });
    expect(() => createCatalog([broken])).toThrow(
      /default durationSeconds 5[\s\S]*"when.resolution" names values the model lacks: 4k/,
    );
  });

  it("refuses two models with the same id", () => {
    expect(() => createCatalog([makeSpec(), makeSpec()])).toThrow(/"local\/test" is claimed by both/);
  });

  it("lists the models in the order given, as a copy", () => {
    const catalog = createCatalog(ALL_MODEL_SPECS);
    expect(catalog.list().map((spec) => spec.id)).toEqual(ALL_MODEL_SPECS.map((spec) => spec.id));
    catalog.list().reverse();
    expect(catalog.list()[0]?.id).toBe("local/preview");
  });

  it("finds models by id and by alias, and nothing else", () => {
    const catalog = createCatalog(ALL_MODEL_SPECS);
    expect(catalog.get("runway/gen4_turbo")?.vendorModelId).toBe("gen4_turbo");
    expect(catalog.get("google/veo-3.0-generate-preview")?.id).toBe("google/veo-3.0-generate-001");
    expect(catalog.get("google-vertex/veo-3.0-generate-preview")?.id).toBe("google-vertex/veo-3.0-generate-001");
    expect(catalog.get("gen4_turbo")).toBeUndefined();
    expect(catalog.get("RUNWAY/GEN4_TURBO")).toBeUndefined();
  });

  it("validates requests against its own models", () => {
    const catalog = createCatalog([makeSpec()]);
    expect(catalog.validate({ model: "local/test", prompt: "a kite" }).ok).toBe(true);
    expect(catalog.validate({ model: "local/preview", prompt: "a kite" }).ok).toBe(false);
  });
});
