import { describe, expect, it } from "vitest";
import { itemIdSchema } from "../http/schemas.ts";
import { BUILT_IN_CATEGORIES } from "./built-in-categories.ts";
import { BUILT_IN_PRESETS } from "./built-in-presets.ts";
import { BUILT_IN_STYLES } from "./built-in-styles.ts";
import { presetCatalogIssues } from "./preset-issues.ts";
import { TEST_CATALOG } from "./test-support/preset-service-harness.ts";

describe("the built-in presets, styles and categories", () => {
  it("have unique slug ids and include the ones the web UI was promised", () => {
    for (const items of [BUILT_IN_STYLES, BUILT_IN_CATEGORIES, BUILT_IN_PRESETS]) {
      const ids = items.map((item) => item.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(itemIdSchema.safeParse(id).success, id).toBe(true);
    }
    expect(BUILT_IN_STYLES.map((style) => style.id)).toEqual(
      expect.arrayContaining(["cinematic", "anime", "documentary", "watercolor", "noir"]),
    );
    expect(BUILT_IN_CATEGORIES.map((category) => category.id)).toEqual(
      expect.arrayContaining(["nature", "people", "products", "abstract", "travel"]),
    );
    expect(BUILT_IN_PRESETS.map((preset) => preset.id)).toEqual(
      expect.arrayContaining(["quick-preview", "vertical-social", "square-loop"]),
    );
  });

  it("are presets the catalog accepts, on local/preview and on active remote models", () => {
    for (const preset of BUILT_IN_PRESETS) {
      expect(
        presetCatalogIssues(preset, (input) => TEST_CATALOG.validate(input)),
        preset.id,
      ).toEqual([]);
      expect(TEST_CATALOG.get(preset.model)?.lifecycle.status, preset.id).toBe("active");
    }
    const providers = new Set(BUILT_IN_PRESETS.map((preset) => preset.model.split("/")[0]));
    expect(providers.has("local")).toBe(true);
    expect(providers.size).toBeGreaterThan(1);
  });

  it("name only built-in styles and categories", () => {
    const styles = new Set(BUILT_IN_STYLES.map((style) => style.id));
    const categories = new Set(BUILT_IN_CATEGORIES.map((category) => category.id));
    for (const preset of BUILT_IN_PRESETS) {
      if (preset.style !== null) expect(styles.has(preset.style), preset.id).toBe(true);
      if (preset.category !== null) expect(categories.has(preset.category), preset.id).toBe(true);
    }
  });
});
