import { describe, expect, it } from "vitest";
import type { JobCreateInput, ResolvedJobRequest } from "../core/types.ts";
import { usePresetService } from "./test-support/preset-service-harness.ts";

const TENANT = "tenant_a";

/** The resolved request, failing the test when resolving found problems. */
function resolvedOf(result: ResolvedJobRequest): Extract<ResolvedJobRequest, { ok: true }> {
  if (!result.ok) throw new Error(`Expected a resolved request, got ${JSON.stringify(result.issues)}`);
  return result;
}

/** The issues found, failing the test when there were none. */
function issuesOf(result: ResolvedJobRequest) {
  if (result.ok) throw new Error("Expected issues, got a resolved request.");
  return result.issues;
}

describe("resolving a job request", () => {
  const harness = usePresetService();
  const service = () => harness().service;
  const resolve = (input: JobCreateInput) => service().resolveRequest(TENANT, input);

  it("passes a request without preset, style or category through unchanged", async () => {
    const input = { model: "local/preview", prompt: "A fox", durationSeconds: 2, metadata: { a: "b" } };
    expect(await resolve(input)).toStrictEqual({
      ok: true,
      request: input,
      labels: { preset: null, style: null, category: null },
      warnings: [],
    });
  });

  it("fills the model and parameters from the preset, the request's own fields winning", async () => {
    const { request, labels } = resolvedOf(
      await resolve({ preset: "vertical-social", prompt: "A fox", durationSeconds: 2 }),
    );
    expect(request).toStrictEqual({
      model: "local/preview",
      prompt: "A fox",
      durationSeconds: 2,
      aspectRatio: "9:16",
      resolution: "720p",
    });
    expect(labels).toStrictEqual({ preset: "vertical-social", style: null, category: null });
    const overridden = resolvedOf(await resolve({ preset: "cinematic-veo", model: "local/preview", prompt: "A fox" }));
    expect(overridden.request.model).toBe("local/preview");
    expect(overridden.request.resolution).toBe("1080p");
  });

  it("merges the preset's provider options with the request's, key by key", async () => {
    await service().presets.create(TENANT, {
      id: "people-ok",
      name: "People allowed",
      description: "",
      model: "google-vertex/veo-3.1-fast-generate-001",
      parameters: { providerOptions: { personGeneration: "allow_adult", enhancePrompt: true } },
      style: null,
      category: null,
    });
    const { request } = resolvedOf(
      await resolve({ preset: "people-ok", prompt: "A crowd", providerOptions: { enhancePrompt: false } }),
    );
    expect(request.providerOptions).toStrictEqual({ personGeneration: "allow_adult", enhancePrompt: false });
  });

  it("applies the preset's style and category unless the request names its own", async () => {
    const fromPreset = resolvedOf(await resolve({ preset: "cinematic-veo", prompt: "A fox" }));
    expect(fromPreset.labels.style).toBe("cinematic");
    expect(fromPreset.request.prompt).toBe(
      "A fox, cinematic lighting, shallow depth of field, anamorphic 35mm film look",
    );
    const own = resolvedOf(
      await resolve({ preset: "product-square", style: "noir", category: "abstract", prompt: "A fox" }),
    );
    expect(own.labels).toStrictEqual({ preset: "product-square", style: "noir", category: "abstract" });
    expect(own.request.prompt).toMatch(/^A fox, film noir/);
    expect(resolvedOf(await resolve({ preset: "product-square", prompt: "A mug" })).labels.category).toBe("products");
  });

  it("wraps the prompt in the style and joins its negative prompt to the request's", async () => {
    await service().styles.create(TENANT, {
      id: "storybook",
      name: "Storybook",
      description: "",
      promptPrefix: "Storybook illustration: ",
      promptSuffix: " — soft pencil lines",
      negativePrompt: "text, watermark",
    });
    const { request, warnings } = resolvedOf(
      await resolve({ model: "local/preview", style: "storybook", prompt: "a bear", negativePrompt: "blur" }),
    );
    expect(request.prompt).toBe("Storybook illustration: a bear — soft pencil lines");
    expect(request.negativePrompt).toBe("blur, text, watermark");
    expect(warnings).toEqual([]);
    const alone = resolvedOf(await resolve({ model: "local/preview", style: "storybook", prompt: "a bear" }));
    expect(alone.request.negativePrompt).toBe("text, watermark");
  });

  it("drops the style's negative prompt with a warning on a model that takes none", async () => {
    const { request, warnings } = resolvedOf(
      await resolve({ model: "runway/gen4.5", style: "anime", prompt: "A fox" }),
    );
    expect(request.negativePrompt).toBeUndefined();
    expect(request.prompt).toBe("Anime style: A fox, cel shading, clean line art, vibrant colours");
    expect(warnings).toEqual([
      { code: "style_negative_prompt_dropped", message: expect.stringContaining('style "anime"') as string },
    ]);
  });

  it("leaves a missing or blank prompt alone, so the catalog can say it is needed", async () => {
    const missing = resolvedOf(await resolve({ model: "local/preview", style: "noir" }));
    expect(missing.request.prompt).toBeUndefined();
    expect(missing.request.negativePrompt).toBe("colour, bright daylight, cheerful mood");
    expect(resolvedOf(await resolve({ model: "local/preview", style: "noir", prompt: "  " })).request.prompt).toBe(
      "  ",
    );
  });

  it("lists the ids there are for every id that names nothing, the tenant's own included", async () => {
    await service().categories.create(TENANT, { id: "pets", name: "Pets", description: "" });
    const issues = issuesOf(await resolve({ preset: "nope", style: "neon", category: "cats", prompt: "A fox" }));
    expect(issues.map((issue) => [issue.field, issue.code])).toEqual([
      ["preset", "unknown_preset"],
      ["style", "unknown_style"],
      ["category", "unknown_category"],
    ]);
    expect(issues[2]?.allowed).toEqual(["nature", "people", "products", "abstract", "travel", "pets"]);
    expect(issues[1]?.message).toMatch(
      /^Unknown style "neon"; available: cinematic, anime, documentary, watercolor, noir/,
    );
  });

  it("blames the preset for a style it names that no longer exists", async () => {
    const preset = {
      id: "orphan",
      name: "Orphan",
      description: "",
      model: "local/preview",
      parameters: {},
      style: "retired-style",
      category: null,
    };
    await harness().stores.presets.insert(TENANT, preset, 0, 10);
    const [issue] = issuesOf(await resolve({ preset: "orphan", prompt: "A fox" }));
    expect(issue).toMatchObject({ field: "preset", code: "unknown_style" });
    expect(issue?.message).toMatch(/^Preset "orphan" names unknown style "retired-style"; available: cinematic/);
  });

  it("needs a model when no preset gives one", async () => {
    expect(issuesOf(await resolve({ prompt: "A fox" }))).toEqual([
      expect.objectContaining({ field: "model", code: "model_required" }),
    ]);
  });
});
