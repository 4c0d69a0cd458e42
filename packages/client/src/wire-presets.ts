/**
 * Wire types of presets, styles and categories (`/api/v1/presets`, `/api/v1/styles`,
 * `/api/v1/categories`): the original app's `VideoPreset`, `VideoStyle` and `VideoCategory`. Reelay
 * ships a built-in set of each (read-only); callers add their own. Ids are slugs: 1–64 lowercase
 * letters, digits and hyphens, starting with a letter or digit.
 */
import type { CreateJobRequest } from "./wire.ts";

/** A prompt style: words added around the prompt, and what the video should avoid. */
export interface StyleView {
  /** Slug id, e.g. `cinematic`. */
  id: string;
  /** Display name. */
  name: string;
  /** What the style does, for pickers. */
  description: string;
  /** Put before the prompt as is (it carries its own spacing); may be empty. */
  promptPrefix: string;
  /** Put after the prompt as is, e.g. `, cinematic lighting, 35mm film`; may be empty. */
  promptSuffix: string;
  /**
   * Joined (with `, `) to the request's negative prompt on models that take one; on models that do
   * not, it is dropped with the warning `style_negative_prompt_dropped`.
   */
  negativePrompt: string | null;
  /** True for Reelay's own styles, which cannot be deleted. */
  builtIn: boolean;
  /** When it was created, ISO 8601; null for built-in styles. */
  createdAt: string | null;
}

/** Body of `POST /api/v1/styles`; it must add a prefix, a suffix or a negative prompt. */
export interface CreateStyleRequest {
  /** Slug id; built-in ids are taken. */
  id: string;
  /** Display name, 1–100 characters. */
  name: string;
  /** Up to 500 characters; empty by default. */
  description?: string;
  /** Up to 1000 characters; empty by default. */
  promptPrefix?: string;
  /** Up to 1000 characters; empty by default. */
  promptSuffix?: string;
  /** Up to 2000 characters; none by default. */
  negativePrompt?: string | null;
}

/** A category that groups videos in the gallery. */
export interface CategoryView {
  /** Slug id, e.g. `nature`. */
  id: string;
  /** Display name. */
  name: string;
  /** What belongs in it. */
  description: string;
  /** True for Reelay's own categories, which cannot be deleted. */
  builtIn: boolean;
  /** When it was created, ISO 8601; null for built-in categories. */
  createdAt: string | null;
}

/** Body of `POST /api/v1/categories`. */
export interface CreateCategoryRequest {
  /** Slug id; built-in ids are taken. */
  id: string;
  /** Display name, 1–100 characters. */
  name: string;
  /** Up to 500 characters; empty by default. */
  description?: string;
}

/**
 * The request fields a preset fixes: those of a job create, except the prompt, the images, the
 * webhook URL and metadata. Provider-specific settings (e.g. Veo's `personGeneration`) go in
 * `providerOptions`.
 */
export type PresetParameters = Pick<
  CreateJobRequest,
  | "negativePrompt"
  | "durationSeconds"
  | "aspectRatio"
  | "resolution"
  | "seed"
  | "audio"
  | "providerOptions"
  | "deadlineSeconds"
>;

/** A named model and parameter set; a job naming it gets what it does not set itself. */
export interface PresetView {
  /** Slug id, e.g. `quick-preview`. */
  id: string;
  /** Display name. */
  name: string;
  /** What it is for. */
  description: string;
  /** Catalog model id; checked with the parameters against the catalog when the preset is created. */
  model: string;
  /** Request fields the preset fixes; a job's own fields win. */
  parameters: PresetParameters;
  /** Id of the style a job gets unless it names its own; null for none. */
  style: string | null;
  /** Id of the category a job gets unless it names its own; null for none. */
  category: string | null;
  /** True for Reelay's own presets, which cannot be deleted. */
  builtIn: boolean;
  /** When it was created, ISO 8601; null for built-in presets. */
  createdAt: string | null;
}

/** Body of `POST /api/v1/presets`. */
export interface CreatePresetRequest {
  /** Slug id; built-in ids are taken. */
  id: string;
  /** Display name, 1–100 characters. */
  name: string;
  /** Up to 500 characters; empty by default. */
  description?: string;
  /** Catalog model id. */
  model: string;
  /** Request fields to fix; none by default. */
  parameters?: PresetParameters;
  /** An existing style's id. */
  style?: string | null;
  /** An existing category's id. */
  category?: string | null;
}

/** Answer of `GET /api/v1/styles`: built-in styles first, then the caller's own, oldest first. */
export interface StyleList {
  /** Always `list`. */
  object: "list";
  /** Every style. */
  data: StyleView[];
}

/** Answer of `GET /api/v1/categories`: built-in categories first, then the caller's own, oldest first. */
export interface CategoryList {
  /** Always `list`. */
  object: "list";
  /** Every category. */
  data: CategoryView[];
}

/** Answer of `GET /api/v1/presets`: built-in presets first, then the caller's own, oldest first. */
export interface PresetList {
  /** Always `list`. */
  object: "list";
  /** Every preset. */
  data: PresetView[];
}
