import type { Reelay } from "./client.ts";
import { ReelayApiError } from "./errors.ts";
import type { ModelView, ProviderId } from "./wire.ts";

/** What a generation asks for: a model, or a provider whose first suitable model is taken. */
export interface ModelChoice {
  /** A catalog model id. */
  model?: string;
  /** A provider; its first available, active model that supports `mode` is used. */
  provider?: ProviderId;
}

/** Which input a generation uses. */
export type GenerationMode = "text" | "image";

/**
 * The catalog model id for a generation. Exactly one of `model` and `provider` must be given; a
 * provider picks its first model (in `GET /models` order) that this server can run now, is `active`
 * and takes the mode's input.
 */
export async function resolveModel(
  client: Reelay,
  choice: ModelChoice,
  mode: GenerationMode,
  signal?: AbortSignal,
): Promise<string> {
  const { model, provider } = choice;
  if (model !== undefined && provider === undefined) return model;
  if (provider === undefined || model !== undefined) {
    throw new ReelayApiError({
      status: 0,
      code: "invalid_request",
      message: "Give exactly one of `model` (a catalog id such as local/preview) and `provider`.",
      issues: [
        { field: "model", code: "model_or_provider", message: "Exactly one of model and provider is required." },
      ],
    });
  }
  const { data } = await client.models.list({ signal });
  const models = data.filter((candidate) => candidate.provider === provider);
  const suitable = models.find(
    (candidate) => candidate.available && candidate.lifecycle.status === "active" && takes(candidate, mode),
  );
  if (suitable !== undefined) return suitable.id;
  throw new ReelayApiError({
    status: 0,
    code: "model_unavailable",
    message: `No model of provider "${provider}" can run ${mode === "text" ? "text-to-video" : "image-to-video"}: ${whyNone(models, mode)}`,
  });
}

function takes(model: ModelView, mode: GenerationMode): boolean {
  return mode === "text" ? model.inputs.text : model.inputs.firstFrame;
}

/** The most specific reason none of the provider's models fits. */
function whyNone(models: ModelView[], mode: GenerationMode): string {
  if (models.length === 0) return "the server's catalog has no model of this provider.";
  const capable = models.filter((model) => takes(model, mode));
  if (capable.length === 0) {
    return `none of its models (${models.map((model) => model.id).join(", ")}) takes ${mode === "text" ? "a text prompt alone" : "a first-frame image"}.`;
  }
  const reasons = capable.map((model) =>
    !model.available
      ? `${model.id} is not available (${model.unavailableReason ?? "no reason given"})`
      : `${model.id} is ${model.lifecycle.status}`,
  );
  return `${reasons.join("; ")}.`;
}
