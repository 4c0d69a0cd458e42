import { describe, expect, it } from "vitest";
import { createCompatModels } from "./model-aliases.ts";

describe("createCompatModels", () => {
  const models = createCompatModels({
    aliases: { "sora-2": "local/preview", "sora-2-pro": "openai/sora-2-pro" },
    defaultModel: "sora-2",
  });

  it("resolves aliases, passes model ids through and uses the default when no model is named", () => {
    expect(models.resolve("sora-2-pro")).toBe("openai/sora-2-pro");
    expect(models.resolve("runway/gen4_turbo")).toBe("runway/gen4_turbo");
    expect(models.resolve(undefined)).toBe("local/preview");
  });

  it("never finds an alias on an object's prototype", () => {
    expect(models.resolve("constructor")).toBe("constructor");
    expect(models.resolve("__proto__")).toBe("__proto__");
  });

  it("names its aliases and every model they and the default stand for, once each", () => {
    expect(models.aliasNames).toEqual(["sora-2", "sora-2-pro"]);
    expect(models.targets).toEqual(["local/preview", "openai/sora-2-pro"]);
  });
});
