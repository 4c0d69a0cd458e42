import type { ErrorCode } from "../core/errors.ts";
import type { JobRequestInput } from "../core/types.ts";

/** The three kinds of named items a job request can refer to. */
export type ItemKind = "style" | "category" | "preset";

/** How each kind is named in paths and errors. */
export const ITEM_KINDS = {
  style: { plural: "styles", notFound: "style_not_found" },
  category: { plural: "categories", notFound: "category_not_found" },
  preset: { plural: "presets", notFound: "preset_not_found" },
} as const satisfies Record<ItemKind, { plural: string; notFound: ErrorCode }>;

/** What every style, category and preset has. */
export interface NamedItem {
  /** A slug, unique per kind among the built-in items and the tenant's own. */
  id: string;
  name: string;
  description: string;
}

/** The original app's `VideoStyle`: words around the prompt, and what the video should avoid. */
export interface Style extends NamedItem {
  /** Put before the prompt as is. */
  promptPrefix: string;
  /** Put after the prompt as is. */
  promptSuffix: string;
  /** Joined to the request's negative prompt where the model takes one. */
  negativePrompt: string | null;
}

/** The original app's `VideoCategory`: a group of videos in the gallery. */
export type Category = NamedItem;

/** The request fields a preset fixes (checked against the catalog with its model). */
export type PresetParameters = Pick<
  JobRequestInput,
  | "negativePrompt"
  | "durationSeconds"
  | "aspectRatio"
  | "resolution"
  | "seed"
  | "audio"
  | "providerOptions"
  | "deadlineSeconds"
>;

/** The original app's `VideoPreset`: a model and parameters, with a style and a category to go with them. */
export interface Preset extends NamedItem {
  model: string;
  parameters: PresetParameters;
  style: string | null;
  category: string | null;
}

/** An item as a tenant sees it: one of Reelay's own, or the tenant's, created at `createdAt`. */
export interface ItemEntry<T extends NamedItem> {
  item: T;
  builtIn: boolean;
  /** Milliseconds since the epoch; null for built-in items. */
  createdAt: number | null;
}
