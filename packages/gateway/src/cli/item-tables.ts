import type { CategoryView, PresetView, StyleView } from "@reelay/client";
import { table } from "./format.ts";

const builtIn = (item: { builtIn: boolean }) => (item.builtIn ? "yes" : "no");

/** The preset's parameters in a few words, e.g. `4s 16:9 720p audio`. */
function parametersText(preset: PresetView): string {
  const { durationSeconds, aspectRatio, resolution, audio, seed, negativePrompt } = preset.parameters;
  return [
    durationSeconds === undefined ? undefined : `${durationSeconds}s`,
    aspectRatio,
    resolution,
    audio === undefined ? undefined : audio ? "audio" : "no audio",
    seed === undefined ? undefined : `seed ${seed}`,
    negativePrompt === undefined ? undefined : "negative prompt",
  ]
    .filter((part) => part !== undefined)
    .join(" ");
}

export function presetsTable(presets: PresetView[]): string {
  return table(
    ["PRESET", "BUILT-IN", "MODEL", "PARAMETERS", "STYLE", "CATEGORY", "NAME"],
    presets.map((preset) => [
      preset.id,
      builtIn(preset),
      preset.model,
      parametersText(preset),
      preset.style ?? "",
      preset.category ?? "",
      preset.name,
    ]),
  );
}

export function stylesTable(styles: StyleView[]): string {
  return table(
    ["STYLE", "BUILT-IN", "PROMPT", "NEGATIVE PROMPT"],
    styles.map((style) => [
      style.id,
      builtIn(style),
      `${style.promptPrefix}<prompt>${style.promptSuffix}`,
      style.negativePrompt ?? "",
    ]),
  );
}

export function categoriesTable(categories: CategoryView[]): string {
  return table(
    ["CATEGORY", "BUILT-IN", "NAME", "DESCRIPTION"],
    categories.map((category) => [category.id, builtIn(category), category.name, category.description]),
  );
}
