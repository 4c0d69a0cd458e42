import type { ModelView } from "@reelay/client";
import { fillDescriptionList, find, setOptions, showPart } from "./dom.ts";
import {
  initialModel,
  LIST_FIELDS,
  listChoices,
  listDefault,
  modelFacts,
  modelLabel,
  takesPart,
} from "./model-choices.ts";
import { personGenerationChoices } from "./person-generation.ts";

/** Text to video, or image to video. */
export type Mode = "text" | "image";

/** The model pickers and every control that depends on the chosen model. */
export interface ModelControls {
  model(): ModelView;
  mode(): Mode;
  /** Chooses a model and its provider, and limits every control to what the model allows. */
  choose(modelId: string): void;
  setMode(mode: Mode): void;
}

/**
 * Wires the model part of the generate form and limits it to the model the page starts on;
 * `onChange` runs after every later change it makes.
 */
export function createModelControls(
  form: HTMLFormElement,
  models: readonly ModelView[],
  onChange: () => void,
): ModelControls {
  const providerSelect = find(form, "#provider", HTMLSelectElement);
  const modelSelect = find(form, "#model", HTMLSelectElement);
  const facts = find(form, "#model-facts", HTMLElement);
  const modeInputs = [...form.querySelectorAll<HTMLInputElement>('input[name="mode"]')];
  const texts = [find(form, "#prompt", HTMLTextAreaElement), find(form, "#negativePrompt", HTMLTextAreaElement)];
  const promptHint = find(form, "#prompt-hint", HTMLElement);
  const audio = find(form, "#audio", HTMLInputElement);
  const audioHint = find(form, "#audio-hint", HTMLElement);
  const personGeneration = find(form, "#personGeneration", HTMLSelectElement);
  const part = (field: string) => find(form, `[data-field="${field}"]`, HTMLElement);
  const firstModel = initialModel(models, modelSelect.value);
  if (firstModel === undefined) throw new Error("The catalog has no models.");
  let current = firstModel;

  const mode = (): Mode => (modeInputs.find((input) => input.checked)?.value === "image" ? "image" : "text");

  function applyMode(): void {
    const imageMode = mode() === "image";
    showPart(part("image"), imageMode);
    showPart(part("lastFrame"), imageMode && takesPart(current, "lastFrame"));
  }

  function check(wanted: Mode): void {
    for (const input of modeInputs) input.checked = input.value === wanted;
  }

  function applyModes(model: ModelView): void {
    for (const input of modeInputs) {
      input.disabled = input.value === "text" ? !model.inputs.text : !model.inputs.firstFrame;
    }
    if (mode() === "text" && !model.inputs.text) check("image");
    if (mode() === "image" && !model.inputs.firstFrame) check("text");
    applyMode();
  }

  function applyLists(model: ModelView): void {
    for (const field of LIST_FIELDS) {
      const select = find(form, `#${field}`, HTMLSelectElement);
      const choices = listChoices(model, field);
      const kept = choices.some((choice) => choice.value === select.value) ? select.value : listDefault(model, field);
      setOptions(select, choices, kept);
    }
  }

  function applyAudio(model: ModelView): void {
    showPart(part("audio"), takesPart(model, "audio"));
    audio.disabled = model.audio !== "optional";
    audio.checked = model.defaults.audio;
    audioHint.textContent = model.audio === "always" ? "This model always makes a soundtrack." : "Adds a soundtrack.";
  }

  function applyPersonGeneration(model: ModelView): void {
    const choices = personGenerationChoices(model);
    showPart(part("providerOptions.personGeneration"), choices.length > 0);
    if (choices.length === 0) return;
    setOptions(personGeneration, [{ value: "", label: "Provider default" }, ...choices], personGeneration.value);
  }

  function limitTo(model: ModelView): void {
    current = model;
    providerSelect.value = model.provider;
    const siblings = models.filter((candidate) => candidate.provider === model.provider);
    setOptions(
      modelSelect,
      siblings.map((sibling) => ({ value: sibling.id, label: modelLabel(sibling) })),
      model.id,
    );
    fillDescriptionList(facts, modelFacts(model));
    applyModes(model);
    for (const text of texts) text.maxLength = model.promptMaxLength;
    promptHint.textContent = `Up to ${model.promptMaxLength} characters.`;
    showPart(part("negativePrompt"), takesPart(model, "negativePrompt"));
    showPart(part("seed"), takesPart(model, "seed"));
    applyLists(model);
    applyAudio(model);
    applyPersonGeneration(model);
  }

  function apply(model: ModelView): void {
    limitTo(model);
    onChange();
  }

  const choose = (modelId: string) => {
    const model = models.find((candidate) => candidate.id === modelId);
    if (model !== undefined) apply(model);
  };

  providerSelect.addEventListener("change", () => {
    const model = initialModel(models.filter((candidate) => candidate.provider === providerSelect.value));
    if (model !== undefined) apply(model);
  });
  modelSelect.addEventListener("change", () => choose(modelSelect.value));
  for (const input of modeInputs) input.addEventListener("change", applyMode);
  limitTo(current);

  return {
    model: () => current,
    mode,
    choose,
    setMode(wanted) {
      check(wanted);
      applyMode();
      onChange();
    },
  };
}
