import type { RequestOptions, Transport } from "./transport.ts";
import type {
  CategoryView,
  CreateCategoryRequest,
  CreatePresetRequest,
  CreateStyleRequest,
  PresetView,
  StyleView,
} from "./wire-presets.ts";

/** A resource group of named items (styles, categories or presets): Reelay's built-in ones and yours. */
export interface ItemResource<View, Create> {
  /** Every item: the built-in ones first, then yours, oldest first. */
  list(options?: RequestOptions): Promise<{ object: "list"; data: View[] }>;
  /** One item by id; a `*_not_found` error names the ids there are. */
  get(id: string, options?: RequestOptions): Promise<View>;
  /**
   * Creates one of your items. Sending the same item again returns the existing one, so a retried
   * create is harmless; a taken id is `name_taken`.
   */
  create(item: Create, options?: RequestOptions): Promise<View>;
  /** Deletes one of your items; built-in ones are `read_only`, ones your presets use `in_use`. */
  delete(id: string, options?: RequestOptions): Promise<void>;
}

/** The `client.styles` resource group: prompt styles. */
export type StylesResource = ItemResource<StyleView, CreateStyleRequest>;
/** The `client.categories` resource group: gallery categories. */
export type CategoriesResource = ItemResource<CategoryView, CreateCategoryRequest>;
/** The `client.presets` resource group: named model and parameter sets. */
export type PresetsResource = ItemResource<PresetView, CreatePresetRequest>;

/** Creates the resource group of the items under `/api/v1/<plural>`. */
export function createItemResource<View, Create>(
  transport: Transport,
  plural: "styles" | "categories" | "presets",
): ItemResource<View, Create> {
  const listPath = `/api/v1/${plural}`;
  const itemPath = (id: string) => `${listPath}/${encodeURIComponent(id)}`;
  return {
    async list(options = {}) {
      return (await transport.json<{ object: "list"; data: View[] }>({ ...options, method: "GET", path: listPath }))
        .data;
    },
    async get(id, options = {}) {
      return (await transport.json<View>({ ...options, method: "GET", path: itemPath(id) })).data;
    },
    async create(item, options = {}) {
      return (await transport.json<View>({ ...options, method: "POST", path: listPath, body: item })).data;
    },
    async delete(id, options = {}) {
      await transport.json<unknown>({ ...options, method: "DELETE", path: itemPath(id) });
    },
  };
}
