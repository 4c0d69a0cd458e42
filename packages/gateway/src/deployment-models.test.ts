import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";
import { deploymentModels } from "./deployment-models.ts";
import { ALL_MODEL_SPECS } from "./providers/all-models.ts";

const sora = (config: ReturnType<typeof loadConfig>) =>
  deploymentModels(ALL_MODEL_SPECS, config).find((spec) => spec.id === "openai/sora-2");

describe("deploymentModels", () => {
  it("keeps OpenAI's models retired when no compatible upstream is configured", () => {
    expect(sora(loadConfig({}))?.lifecycle.status).toBe("retired");
  });

  it("revives them for a configured OpenAI-compatible upstream or the sandbox", () => {
    const upstream = sora(loadConfig({ REELAY_OPENAI_BASE_URL: "https://videos.example.com/v1" }));
    expect(upstream?.lifecycle).toEqual({
      status: "active",
      note: "Served by the OpenAI-compatible upstream at https://videos.example.com/v1.",
    });
    expect(sora(loadConfig({ REELAY_SANDBOX: "true" }))?.lifecycle.status).toBe("active");
  });

  it("leaves every other model as it is", () => {
    const changed = deploymentModels(ALL_MODEL_SPECS, loadConfig({ REELAY_SANDBOX: "true" }));
    const others = (specs: typeof ALL_MODEL_SPECS) => specs.filter((spec) => spec.provider !== "openai");
    expect(others(changed)).toEqual(others(ALL_MODEL_SPECS));
  });
});
