import type { Config } from "./config.ts";
import type { ModelSpec } from "./core/model-spec.ts";

/**
 * The catalog as this deployment sees it. OpenAI's own video API is shut down, so its models are
 * retired — but the same API is served by OpenAI-compatible upstreams. When one is configured
 * (`REELAY_OPENAI_BASE_URL`, or the sandbox's fake), the OpenAI models are live again there.
 */
export function deploymentModels(specs: ModelSpec[], config: Config): ModelSpec[] {
  const upstream = config.sandbox ? "the sandbox's OpenAI fake" : config.providers.openai.baseUrl;
  if (upstream === undefined) return specs;
  return specs.map((spec) =>
    spec.provider === "openai" && spec.lifecycle.status === "retired"
      ? { ...spec, lifecycle: { status: "active", note: `Served by the OpenAI-compatible upstream at ${upstream}.` } }
      : spec,
  );
}
