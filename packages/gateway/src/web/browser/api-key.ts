import { find, messageOf } from "./dom.ts";

/*
 * The API key the pages send, entered in the form in every page's header (`api-key-form.tsx`) and
 * kept in this browser's local storage for this origin. Saving or forgetting it reloads the page,
 * so that every call from then on is made with the new key.
 */

const STORAGE_KEY = "reelay.apiKey";

const details = find(document, "#api-key", HTMLDetailsElement);
const form = find(details, "#api-key-form", HTMLFormElement);
const input = find(form, "#api-key-input", HTMLInputElement);
const alert = find(form, "#api-key-alert", HTMLElement);
const status = find(form, "#api-key-status", HTMLElement);

/** The saved key; none when nothing is saved or this browser keeps no storage for the page. */
export function savedApiKey(): string | undefined {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Opens the form and says why: the server refused a call for want of a valid key. */
export function askForApiKey(): void {
  alert.textContent =
    savedApiKey() === undefined
      ? "This Reelay server asks for an API key: enter yours to continue."
      : "This Reelay server refused the saved API key: enter a valid one.";
  alert.hidden = false;
  details.open = true;
}

/** Saves the key (none forgets it) and reloads the page to use it. */
function keep(key: string | undefined): void {
  try {
    if (key === undefined) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, key);
  } catch (error) {
    status.textContent = `This browser cannot keep the key: ${messageOf(error)}`;
    return;
  }
  location.reload();
}

status.textContent = savedApiKey() === undefined ? "No key is saved." : "A key is saved.";
form.addEventListener("submit", (event) => {
  event.preventDefault();
  const key = input.value.trim();
  if (key === "") {
    status.textContent = "Enter a key to save, or press Forget.";
    input.focus();
    return;
  }
  keep(key);
});
find(form, "#api-key-forget", HTMLButtonElement).addEventListener("click", () => keep(undefined));
