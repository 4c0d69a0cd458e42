import { describe, expect, it } from "vitest";
import { googleVertexModels } from "../google-vertex/models.ts";
import { googleModels } from "./models.ts";
import {
  checkVeoProviderOptions,
  personGenerationFor,
  personGenerationValues,
  VeoRequestError,
} from "./veo-options.ts";

const allModels = [...googleModels, ...googleVertexModels];

describe("personGeneration per model", () => {
  it.each(allModels.map((spec) => [spec.id, spec] as const))("%s accepts exactly its values", (_id, spec) => {
    const veo2 = spec.vendorModelId.startsWith("veo-2.");
    // The reference: Veo 2 text all three, image allow_adult/dont_allow; Veo 3.x text allow_all, image allow_adult.
    expect(personGenerationValues(spec.vendorModelId, "text")).toEqual(
      veo2 ? ["allow_all", "allow_adult", "dont_allow"] : ["allow_all"],
    );
    expect(personGenerationValues(spec.vendorModelId, "image")).toEqual(
      veo2 ? ["allow_adult", "dont_allow"] : ["allow_adult"],
    );
    for (const value of ["allow_all", "allow_adult", "dont_allow"]) {
      const issues = checkVeoProviderOptions({ personGeneration: value }, spec);
      expect(issues.length === 0).toBe(veo2 || value !== "dont_allow");
    }
  });

  it("lists every unknown key and every bad value at once", () => {
    const spec = googleVertexModels[0];
    if (!spec) throw new Error("no model");
    expect(checkVeoProviderOptions({ personGeneration: 3, storageUri: "gs://b/", seed: 1 }, spec)).toEqual([
      expect.objectContaining({ field: "providerOptions.personGeneration", code: "unsupported_value" }),
      expect.objectContaining({ field: "providerOptions.storageUri", code: "unsupported_field" }),
      expect.objectContaining({ field: "providerOptions.seed", code: "unsupported_field" }),
    ]);
    expect(checkVeoProviderOptions({}, spec)).toEqual([]);
  });

  it("checks the mode when the request is known", () => {
    expect(personGenerationFor({}, "veo-3.1-generate-001", "image")).toBeUndefined();
    expect(personGenerationFor({ personGeneration: "allow_adult" }, "veo-3.1-generate-001", "image")).toBe(
      "allow_adult",
    );
    expect(() => personGenerationFor({ personGeneration: "allow_adult" }, "veo-3.1-generate-001", "text")).toThrow(
      VeoRequestError,
    );
    expect(() => personGenerationFor({ personGeneration: "allow_all" }, "veo-2.0-generate-001", "image")).toThrow(
      /image-to-video takes allow_adult, dont_allow/,
    );
  });
});
