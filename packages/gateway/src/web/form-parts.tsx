/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import type { Choice } from "./browser/model-choices.ts";

/*
 * Form fields as the browser scripts expect them: a wrapper whose `data-field` names the API field
 * (so the API's issues land next to it), a control whose id the label names, an optional hint and an
 * issue line that the control's `aria-describedby` points at.
 */

/** Ids that describe a control: its hint (when it has one) and its issue line. */
export function describedBy(id: string, hint: boolean): string {
  return hint ? `${id}-hint ${id}-issue` : `${id}-issue`;
}

export interface FieldProps {
  /** The control's id. */
  id: string;
  /** The API field the control sets; the id when absent. */
  field?: string;
  label: string;
  hint?: string;
  hidden?: boolean;
  children: Child;
}

export function Field(props: FieldProps) {
  return (
    <div class="field" data-field={props.field ?? props.id} hidden={props.hidden}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint !== undefined && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      <p class="field-issue" id={`${props.id}-issue`} hidden></p>
    </div>
  );
}

export interface SelectProps {
  id: string;
  choices: readonly Choice[];
  selected?: string;
  hint?: boolean;
  disabled?: boolean;
}

export function Select(props: SelectProps) {
  return (
    <select
      id={props.id}
      name={props.id}
      aria-describedby={describedBy(props.id, props.hint ?? false)}
      disabled={props.disabled}
    >
      {props.choices.map((choice) => (
        <option value={choice.value} selected={choice.value === props.selected}>
          {choice.label}
        </option>
      ))}
    </select>
  );
}

export interface ImageFieldProps {
  /** `image` (the first frame) or `lastFrame`. */
  field: "image" | "lastFrame";
  label: string;
  hidden: boolean;
}

/** A drop zone with a file picker, a preview, the upload's facts and a remove button. */
export function ImageField(props: ImageFieldProps) {
  const id = `${props.field}-file`;
  return (
    <div class="field image-field" data-field={props.field} hidden={props.hidden}>
      <label for={id}>{props.label}</label>
      <div class="dropzone" data-dropzone={props.field}>
        <p class="hint" id={`${id}-hint`}>
          Drop an image here or choose a file: JPEG, PNG, WebP, AVIF, GIF or HEIC. Reelay fits it to the model and says
          what it changes.
        </p>
        <input type="file" id={id} name={id} accept="image/*" aria-describedby={describedBy(id, true)} />
        <img class="image-preview" data-role="preview" alt={`Preview of the ${props.label.toLowerCase()}`} hidden />
        <p class="image-facts" data-role="facts" aria-live="polite"></p>
        <button type="button" class="secondary" data-role="remove" hidden>
          Remove image
        </button>
      </div>
      <p class="field-issue" id={`${id}-issue`} hidden></p>
    </div>
  );
}
