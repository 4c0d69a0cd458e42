import type { PresetView } from "@reelay/client";
import { find, messageOf, setOptions } from "./dom.ts";
import type { ModelControls } from "./model-controls.ts";
import { reelay } from "./reelay.ts";

/** An item of a picker: a preset, style or category. */
interface Item {
  id: string;
  name: string;
  description: string;
}

/**
 * Fills a picker with the API's items and keeps its hint on the chosen item's description. Returns
 * the items, none when they could not be read (the picker then says why).
 */
async function fillPicker<T extends Item>(form: HTMLFormElement, id: string, list: () => Promise<{ data: T[] }>) {
  const select = find(form, `#${id}`, HTMLSelectElement);
  const hint = find(form, `#${id}-hint`, HTMLElement);
  const general = hint.textContent ?? "";
  let items: T[] = [];
  try {
    items = (await list()).data;
  } catch (error) {
    hint.textContent = `${general} (Could not be loaded: ${messageOf(error)})`;
  }
  setOptions(
    select,
    [{ value: "", label: "None" }, ...items.map((item) => ({ value: item.id, label: item.name }))],
    "",
  );
  select.addEventListener("change", () => {
    hint.textContent = items.find((item) => item.id === select.value)?.description || general;
  });
  return items;
}

/** Puts a preset's model and settings into the form; what it leaves out keeps its value. */
function applyPreset(form: HTMLFormElement, controls: ModelControls, preset: PresetView): void {
  controls.choose(preset.model);
  const { parameters } = preset;
  const set = (id: string, value: string | number | undefined | null) => {
    if (value === undefined || value === null) return;
    const control = form.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(`#${id}`);
    const offered =
      !(control instanceof HTMLSelectElement) || [...control.options].some((option) => option.value === `${value}`);
    if (control === null || control.disabled || !offered) return;
    control.value = String(value);
    control.dispatchEvent(new Event("change", { bubbles: true }));
  };
  set("durationSeconds", parameters.durationSeconds);
  set("aspectRatio", parameters.aspectRatio);
  set("resolution", parameters.resolution);
  set("seed", parameters.seed);
  set("negativePrompt", parameters.negativePrompt);
  set("style", preset.style);
  set("category", preset.category);
  const audio = find(form, "#audio", HTMLInputElement);
  if (parameters.audio !== undefined && !audio.disabled) audio.checked = parameters.audio;
}

/**
 * The preset, style and category pickers. A preset fills the form in the browser, so the request
 * sends exactly what the form shows; the style and category are sent by id for the API to apply.
 */
export async function createStartingPoints(
  form: HTMLFormElement,
  controls: ModelControls,
  onChange: () => void,
): Promise<void> {
  const [presets] = await Promise.all([
    fillPicker(form, "preset", () => reelay.presets.list()),
    fillPicker(form, "style", () => reelay.styles.list()),
    fillPicker(form, "category", () => reelay.categories.list()),
  ]);
  const presetSelect = find(form, "#preset", HTMLSelectElement);
  presetSelect.addEventListener("change", () => {
    const preset = presets.find((candidate) => candidate.id === presetSelect.value);
    if (preset === undefined) return;
    applyPreset(form, controls, preset);
    onChange();
  });
}
