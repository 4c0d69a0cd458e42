import type { JobRequestInput } from "../core/types.ts";
import type { InputImageFacts, ModelSpec, RequestCheck } from "../core/model-spec.ts";
import { findSpecProblems } from "./find-spec-problems.ts";
import { validateRequest, type ModelLookup } from "./validate-request.ts";

/** The models Reelay can route to, and the checks that keep requests within what they can do. */
export interface Catalog extends ModelLookup {
  /** Every model, in catalog order. */
  list(): ModelSpec[];
  /** The model with this id, or the model an alias (an older id) stands for. */
  get(id: string): ModelSpec | undefined;
  /** Checks a request, with the facts about its images, against its model; see `validateRequest`. */
  validate(input: JobRequestInput, images?: InputImageFacts): RequestCheck;
}

/** Builds the catalog; throws, listing every problem, when the specs contradict themselves. */
export function createCatalog(specs: readonly ModelSpec[]): Catalog {
  const problems = findSpecProblems(specs);
  if (problems.length > 0) {
    throw new Error(`Inconsistent model specs:\n- ${problems.join("\n- ")}`);
  }
  const ordered = [...specs];
  const byName = new Map<string, ModelSpec>();
  for (const spec of ordered) {
    byName.set(spec.id, spec);
    for (const alias of spec.aliases ?? []) byName.set(alias, spec);
  }
  const catalog: Catalog = {
    // A copy, so that callers sorting or filtering the list cannot reorder the catalog.
    list: () => [...ordered],
    get: (id) => byName.get(id),
    validate: (input, images) => validateRequest(input, catalog, images),
  };
  return catalog;
}
