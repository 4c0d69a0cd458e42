import type { Page } from "playwright-core";

/** What a test sets on the generate form. */
export interface FormValues {
  prompt: string;
  provider?: string;
  model?: string;
  durationSeconds?: string;
  resolution?: string;
}

/** Fills the generate form the way a person would, field by field. */
export async function fillForm(page: Page, values: FormValues): Promise<void> {
  if (values.provider !== undefined) await page.selectOption("#provider", values.provider);
  if (values.model !== undefined) await page.selectOption("#model", values.model);
  await page.fill("#prompt", values.prompt);
  if (values.resolution !== undefined) await page.selectOption("#resolution", values.resolution);
  if (values.durationSeconds !== undefined) await page.selectOption("#durationSeconds", values.durationSeconds);
}

/** Waits until the panel's video has a frame to show (`readyState` ≥ 2, HAVE_CURRENT_DATA). */
export async function waitForPlayableVideo(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const video = document.querySelector<HTMLVideoElement>('#job-panel [data-role="video"]');
      return video !== null && video.readyState >= 2;
    },
    null,
    { timeout: timeoutMs },
  );
}

/** The percentage the panel shows. */
async function shownPercent(page: Page): Promise<number> {
  return Number.parseInt((await page.textContent('#job-panel [data-role="percent"]')) ?? "0", 10);
}

/** Waits until the panel shows at least `percent` while the job is still running. */
export async function waitForPercent(page: Page, percent: number, timeoutMs = 30_000): Promise<number> {
  await page.waitForFunction(
    (wanted) => {
      const shown = Number.parseInt(document.querySelector('#job-panel [data-role="percent"]')?.textContent ?? "0", 10);
      const block = document.querySelector<HTMLElement>('#job-panel [data-role="progress-block"]');
      return shown >= wanted && block !== null && !block.hidden;
    },
    percent,
    { timeout: timeoutMs },
  );
  return shownPercent(page);
}

/** The id of the job the generate page follows, from its address. */
export function followedJobId(page: Page): string {
  const id = new URL(page.url()).searchParams.get("job");
  if (id === null) throw new Error(`The page follows no job: ${page.url()}`);
  return id;
}

/** Drops an image file on a drop zone, as dragging it from the desktop does. */
export async function dropImage(
  page: Page,
  zoneSelector: string,
  file: { name: string; bytes: Buffer },
): Promise<void> {
  await page.evaluate(
    ({ selector, name, base64 }) => {
      const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type: "image/png" }));
      const zone = document.querySelector(selector);
      if (zone === null) throw new Error(`no drop zone at ${selector}`);
      for (const type of ["dragover", "drop"]) {
        zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }
    },
    { selector: zoneSelector, name: file.name, base64: file.bytes.toString("base64") },
  );
}

/** Waits until the element at `selector` contains `text`. */
export async function waitForText(page: Page, selector: string, text: string, timeoutMs = 15_000): Promise<void> {
  await page.waitForFunction(
    ([where, wanted]) => document.querySelector(where)?.textContent?.includes(wanted) === true,
    [selector, text] as const,
    { timeout: timeoutMs },
  );
}
