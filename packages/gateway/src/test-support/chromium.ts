import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Whether browser tests can run: Debian's Chromium must be installed. In CI it always must be
 * (`.ci/run` installs it), so there a missing browser fails the test instead of skipping it.
 */
export const chromiumAvailable = existsSync(CHROMIUM_PATH) || process.env.CI === "true";

/** Headless Chromium with the flags this sandbox needs (no network, no GPU). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
}
