import type { ValidationIssue } from "@reelay/client";

/** The wrapper of the visible field that sets an API field, if the form shows one. */
function wrapperOf(form: HTMLFormElement, field: string): HTMLElement | undefined {
  const wrapper = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(field)}"]`);
  return wrapper === null || wrapper.hidden ? undefined : wrapper;
}

/** A link to the control that sets an API field, named by its label; undefined when the form does not show it. */
export function linkToField(form: HTMLFormElement, field: string): HTMLAnchorElement | undefined {
  const wrapper = wrapperOf(form, field);
  const control = wrapper?.querySelector("input, select, textarea");
  const label = wrapper?.querySelector("label, legend")?.textContent;
  if (control == null || !control.id || label == null) return undefined;
  const link = document.createElement("a");
  link.href = `#${control.id}`;
  link.textContent = label;
  return link;
}

/** Removes every issue shown next to a field. */
export function clearIssues(form: HTMLFormElement): void {
  for (const line of form.querySelectorAll<HTMLElement>(".field-issue")) {
    line.hidden = true;
    line.textContent = "";
  }
  for (const control of form.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
}

/**
 * Shows the API's issues next to the fields they name (the wrappers' `data-field`), replacing those
 * shown before. Returns the issues no visible field takes, for the caller to show elsewhere.
 */
export function showIssues(form: HTMLFormElement, issues: readonly ValidationIssue[]): ValidationIssue[] {
  clearIssues(form);
  const elsewhere: ValidationIssue[] = [];
  for (const issue of issues) {
    const wrapper = wrapperOf(form, issue.field);
    const line = wrapper?.querySelector<HTMLElement>(".field-issue");
    if (wrapper === undefined || line == null) {
      elsewhere.push(issue);
      continue;
    }
    line.textContent = line.hidden ? issue.message : `${line.textContent} ${issue.message}`;
    line.hidden = false;
    wrapper.querySelector("input, select, textarea")?.setAttribute("aria-invalid", "true");
  }
  return elsewhere;
}
