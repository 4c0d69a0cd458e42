import type { Clock } from "../core/clock.ts";
import type { ModelSpec, RequestCheck } from "../core/model-spec.ts";
import type { JobCreateInput, JobRequestInput, ResolvedJobRequest, ValidationIssue } from "../core/types.ts";
import { BUILT_IN_CATEGORIES } from "./built-in-categories.ts";
import { BUILT_IN_PRESETS } from "./built-in-presets.ts";
import { BUILT_IN_STYLES } from "./built-in-styles.ts";
import { createItemCollection, type ItemCollection } from "./item-collection.ts";
import type { PresetStores } from "./item-store.ts";
import { presetCatalogIssues } from "./preset-issues.ts";
import type { Category, Preset, Style } from "./preset-types.ts";
import { resolveJobRequest } from "./resolve-job-request.ts";
import { unknownItemIssue } from "./unknown-item-issue.ts";

/** Most items of each kind one tenant may create. */
export const MAX_CUSTOM_ITEMS = 200;

export interface PresetServiceOptions {
  stores: PresetStores;
  clock: Clock;
  /** The catalog's model with this id or alias. */
  findModel(id: string): ModelSpec | undefined;
  /** The catalog's verdict on a request without images (provider options included). */
  checkRequest(input: JobRequestInput): RequestCheck;
}

/** Styles, categories and presets, and how a job request uses them. */
export interface PresetService {
  styles: ItemCollection<Style>;
  categories: ItemCollection<Category>;
  presets: ItemCollection<Preset>;
  /** Fills a create request from its preset and applies its style; see `resolveJobRequest`. */
  resolveRequest(tenantId: string, input: JobCreateInput): Promise<ResolvedJobRequest>;
}

export function createPresetService(options: PresetServiceOptions): PresetService {
  const { stores, clock } = options;
  const noProblems = async () => [];
  /** The tenant's presets whose `field` is `id`. */
  const presetsWith = (field: "style" | "category") => async (tenantId: string, id: string) =>
    (await stores.presets.list(tenantId)).filter((stored) => stored.item[field] === id).map((stored) => stored.item.id);

  const styles = createItemCollection<Style>({
    kind: "style",
    builtIns: BUILT_IN_STYLES,
    store: stores.styles,
    clock,
    maxItems: MAX_CUSTOM_ITEMS,
    check: noProblems,
    usedBy: presetsWith("style"),
  });
  const categories = createItemCollection<Category>({
    kind: "category",
    builtIns: BUILT_IN_CATEGORIES,
    store: stores.categories,
    clock,
    maxItems: MAX_CUSTOM_ITEMS,
    check: noProblems,
    usedBy: presetsWith("category"),
  });

  async function presetIssues(tenantId: string, preset: Preset): Promise<ValidationIssue[]> {
    const issues: ValidationIssue[] = [];
    if (preset.style !== null && (await styles.find(tenantId, preset.style)) === null) {
      issues.push(unknownItemIssue("style", preset.style, await styles.ids(tenantId)));
    }
    if (preset.category !== null && (await categories.find(tenantId, preset.category)) === null) {
      issues.push(unknownItemIssue("category", preset.category, await categories.ids(tenantId)));
    }
    return [...issues, ...presetCatalogIssues(preset, options.checkRequest)];
  }

  const presets = createItemCollection<Preset>({
    kind: "preset",
    builtIns: BUILT_IN_PRESETS,
    store: stores.presets,
    clock,
    maxItems: MAX_CUSTOM_ITEMS,
    check: presetIssues,
    usedBy: noProblems,
  });

  return {
    styles,
    categories,
    presets,
    resolveRequest: (tenantId, input) =>
      resolveJobRequest(tenantId, input, { styles, categories, presets, findModel: options.findModel }),
  };
}
