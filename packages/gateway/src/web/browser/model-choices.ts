import type { ModelView, ProviderId } from "@reelay/client";
import { formatSeconds, formatUsd } from "./format.ts";

/*
 * What the generate form offers for a model, computed from the catalog's model view alone. The
 * server renders the first model's form with it; the browser re-renders it when the model changes.
 */

/** One option of a select. */
export interface Choice {
  value: string;
  label: string;
}

/** The selects whose options come from the model's lists. */
export type ListField = "durationSeconds" | "aspectRatio" | "resolution";

export const LIST_FIELDS: readonly ListField[] = ["durationSeconds", "aspectRatio", "resolution"];

/** The options of each list field: exactly the values the model allows. */
export function listChoices(model: ModelView, field: ListField): Choice[] {
  switch (field) {
    case "durationSeconds":
      return model.durationsSeconds.map((seconds) => ({ value: String(seconds), label: formatSeconds(seconds) }));
    case "aspectRatio":
      return model.aspectRatios.map((ratio) => ({ value: ratio, label: ratio }));
    case "resolution":
      return model.resolutions.map((resolution) => ({ value: resolution, label: resolution }));
  }
}

/** The model's default for a list field, as the select's value. */
export function listDefault(model: ModelView, field: ListField): string {
  return String(model.defaults[field]);
}

/** The form's optional parts that only some models have. */
export type OptionalPart = "negativePrompt" | "seed" | "audio" | "lastFrame";

/** Whether the model takes an optional part of the form. */
export function takesPart(model: ModelView, part: OptionalPart): boolean {
  switch (part) {
    case "negativePrompt":
      return model.negativePrompt;
    case "seed":
      return model.seed;
    case "audio":
      return model.audio !== "none";
    case "lastFrame":
      return model.inputs.lastFrame;
  }
}

/** Providers in catalog order. */
export function providersOf(models: readonly ModelView[]): ProviderId[] {
  return [...new Set(models.map((model) => model.provider))];
}

/** A provider's picker label, with how many of its models this server can run. */
export function providerLabel(models: readonly ModelView[], provider: ProviderId): string {
  const own = models.filter((model) => model.provider === provider);
  const available = own.filter((model) => model.available).length;
  return `${provider} (${available} of ${own.length} available)`;
}

/** Whether a model can be used now: this server runs it and it is not retired. */
export function isUsable(model: ModelView): boolean {
  return model.available && model.lifecycle.status !== "retired";
}

/** The model a picker starts on: the wanted one when it exists, else the first usable one, else the first. */
export function initialModel(models: readonly ModelView[], wantedId?: string): ModelView | undefined {
  return models.find((model) => model.id === wantedId) ?? models.find(isUsable) ?? models[0];
}

/** A model's picker label: name, price, and what stands in the way of using it. */
export function modelLabel(model: ModelView): string {
  const notes = [
    model.lifecycle.status === "active" ? undefined : model.lifecycle.status,
    model.available ? undefined : "unavailable here",
  ].filter((note) => note !== undefined);
  const price = model.pricePerSecondUsd === 0 ? "free" : `${formatUsd(model.pricePerSecondUsd)}/s`;
  return `${model.label} — ${price}${notes.length > 0 ? ` (${notes.join(", ")})` : ""}`;
}

const LIFECYCLE_LABELS: Record<ModelView["lifecycle"]["status"], string> = {
  active: "Active",
  deprecated: "Deprecated",
  retired: "Retired",
};

/** Words that are present, joined by spaces. */
function sentence(...parts: Array<string | undefined>): string {
  return parts.filter((part) => part !== undefined && part !== "").join(" ");
}

/** The facts shown beside the model picker, as term and description. */
export function modelFacts(model: ModelView): Array<[string, string]> {
  const { lifecycle, inputs } = model;
  const takes = [inputs.text && "text", inputs.firstFrame && "a first frame", inputs.lastFrame && "a last frame"];
  return [
    ["Availability", model.available ? "Available on this server" : `Not available: ${model.unavailableReason}`],
    [
      "Lifecycle",
      sentence(
        `${LIFECYCLE_LABELS[lifecycle.status]}${lifecycle.since === undefined ? "" : ` since ${lifecycle.since}`}.`,
        lifecycle.note,
        lifecycle.replacement === undefined ? undefined : `Use ${lifecycle.replacement} instead.`,
      ),
    ],
    ["Price", model.pricePerSecondUsd === 0 ? "Free" : `${formatUsd(model.pricePerSecondUsd)} per second of video`],
    ["Typical render time", formatSeconds(model.typicalRenderSeconds)],
    ["Takes", takes.filter((input) => typeof input === "string").join(", ")],
  ];
}
