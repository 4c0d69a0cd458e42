import type { ModelSpec } from "../core/model-spec.ts";
import type { ModelConstraint } from "../core/types.ts";

/** The request fields a model limits to a finite set, and that constraints can name. */
export type ConstrainedField = "durationSeconds" | "aspectRatio" | "resolution" | "audio";

export const CONSTRAINED_FIELDS: readonly ConstrainedField[] = [
  "durationSeconds",
  "aspectRatio",
  "resolution",
  "audio",
];

export type FieldValue = string | number | boolean;

/** One value per constrained field: what a request asks for once defaults are applied. */
export type FieldValues = Record<ConstrainedField, FieldValue>;

/** Audio values a model accepts: a `none` model only `false`, an `always` model only `true`. */
export function allowedAudioValues(audio: ModelSpec["audio"]): boolean[] {
  if (audio === "none") return [false];
  if (audio === "always") return [true];
  return [true, false];
}

/** Every value the model accepts for a field, ignoring constraints. */
export function allowedValues(spec: ModelSpec, field: ConstrainedField): FieldValue[] {
  switch (field) {
    case "durationSeconds":
      return spec.durationsSeconds;
    case "aspectRatio":
      return spec.aspectRatios;
    case "resolution":
      return spec.resolutions;
    case "audio":
      return allowedAudioValues(spec.audio);
  }
}

/** The model's defaults as a fresh, mutable record. */
export function defaultValues(spec: ModelSpec): FieldValues {
  return { ...spec.defaults };
}

/** The values a constraint's `when` or `allow` names for a field, or undefined when it names none. */
export function conditionValues(condition: ModelConstraint["when"], field: ConstrainedField): FieldValue[] | undefined {
  const values = condition[field];
  return typeof values === "boolean" ? [values] : values;
}

/** Fields a constraint's `when` or `allow` names. */
export function namedFields(condition: ModelConstraint["when"]): ConstrainedField[] {
  return CONSTRAINED_FIELDS.filter((field) => condition[field] !== undefined);
}

/** True when every `when` condition holds for these values. */
export function constraintApplies(constraint: ModelConstraint, values: FieldValues): boolean {
  return namedFields(constraint.when).every(
    (field) => conditionValues(constraint.when, field)?.includes(values[field]) === true,
  );
}

/** The `allow` fields these values break, for a constraint that applies. */
export function violatedFields(constraint: ModelConstraint, values: FieldValues): ConstrainedField[] {
  return namedFields(constraint.allow).filter(
    (field) => conditionValues(constraint.allow, field)?.includes(values[field]) !== true,
  );
}
