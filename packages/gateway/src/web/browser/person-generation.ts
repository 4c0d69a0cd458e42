import type { ModelView } from "@reelay/client";
import type { Choice } from "./model-choices.ts";

/*
 * Whether a model lets the caller choose if people may appear (Veo's `personGeneration` provider
 * option), and with which values: the model view lists its provider options and their values.
 */

const LABELS: Record<string, string> = {
  allow_all: "People of any age",
  allow_adult: "Adults only",
  dont_allow: "No people",
};

/** The person-generation choices a model offers; none for models without the option. */
export function personGenerationChoices(model: ModelView): Choice[] {
  return (model.providerOptions.personGeneration ?? []).map((value) => ({ value, label: LABELS[value] ?? value }));
}
