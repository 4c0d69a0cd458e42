import type { Choice } from "./model-choices.ts";
import { reelay } from "./reelay.ts";

/*
 * Whether a model lets the caller choose if people may appear (Veo's `personGeneration` provider
 * option), and with which values. The model view does not describe provider options, but the
 * validation endpoint names the values it allows when given one it does not: it is asked once per
 * model.
 */

const LABELS: Record<string, string> = {
  allow_all: "People of any age",
  allow_adult: "Adults only",
  dont_allow: "No people",
};

const known = new Map<string, Promise<Choice[]>>();

async function ask(modelId: string): Promise<Choice[]> {
  const answer = await reelay.validate({ model: modelId, prompt: "-", providerOptions: { personGeneration: "" } });
  const issue = answer.issues.find((candidate) => candidate.field === "providerOptions.personGeneration");
  return (issue?.allowed ?? []).map(String).map((value) => ({ value, label: LABELS[value] ?? value }));
}

/** The person-generation choices a model offers; none for models without the option. */
export function personGenerationChoices(modelId: string): Promise<Choice[]> {
  let choices = known.get(modelId);
  if (choices === undefined) {
    choices = ask(modelId).catch(() => {
      known.delete(modelId);
      return [];
    });
    known.set(modelId, choices);
  }
  return choices;
}
