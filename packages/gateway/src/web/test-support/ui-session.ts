import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium } from "../../test-support/chromium.ts";

/** Where the UI tests leave a screenshot of each step: `test-artifacts/ui/` at the repository root. */
const SCREENSHOTS = fileURLToPath(new URL("../../../../../test-artifacts/ui/", import.meta.url));

/** A browser for the UI tests that records every request its pages make. */
export interface UiSession {
  /** A new tab. */
  newPage(): Promise<Page>;
  /** Saves a screenshot of the whole page as `<name>.png`. */
  screenshot(page: Page, name: string): Promise<void>;
  /** Every URL a page requested, in order. */
  requestedUrls: string[];
  close(): Promise<void>;
}

export async function startUiSession(): Promise<UiSession> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const browser: Browser = await launchChromium();
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const requestedUrls: string[] = [];
  context.on("request", (request) => requestedUrls.push(request.url()));
  return {
    newPage: () => context.newPage(),
    async screenshot(page, name) {
      await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
    },
    requestedUrls,
    close: () => browser.close(),
  };
}

/** The host a URL reaches; a `blob:` URL reaches the origin it was made by. */
export function hostOf(url: string): string {
  return new URL(url.startsWith("blob:") ? url.slice("blob:".length) : url).hostname;
}
