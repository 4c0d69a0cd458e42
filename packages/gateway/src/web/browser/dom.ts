import type { Choice } from "./model-choices.ts";

/** The element matching `selector` under `root`; the page is broken without it. */
export function find<T extends Element>(root: ParentNode, selector: string, type: abstract new () => T): T {
  const found = root.querySelector(selector);
  if (!(found instanceof type)) throw new Error(`This page has no ${type.name} at ${selector}.`);
  return found;
}

/** A new element with a class and text. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string | null,
  text?: string,
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (className !== null) created.className = className;
  if (text !== undefined) created.textContent = text;
  return created;
}

/** Replaces a select's options; `selected` is chosen when offered, else the first option. */
export function setOptions(select: HTMLSelectElement, choices: readonly Choice[], selected: string): void {
  select.replaceChildren(
    ...choices.map((choice) => new Option(choice.label, choice.value, false, choice.value === selected)),
  );
}

/** Shows or hides a part of a form; hidden controls are disabled too, so they are neither sent nor focused. */
export function showPart(part: HTMLElement, shown: boolean): void {
  part.hidden = !shown;
  type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | HTMLButtonElement;
  for (const control of part.querySelectorAll<Control>("input, select, textarea, button")) control.disabled = !shown;
}

/** Fills a description list with term and description pairs, each pair in its own row. */
export function fillDescriptionList(list: HTMLElement, rows: ReadonlyArray<[string, string]>): void {
  list.replaceChildren(
    ...rows.map(([term, description]) => {
      const row = element("div", null);
      row.append(element("dt", null, term), element("dd", null, description));
      return row;
    }),
  );
}

/** A message for any error a call can throw. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
