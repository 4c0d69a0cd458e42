import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApiKey } from "../tenants/test-support/test-api-key.ts";
import { chromiumAvailable } from "../test-support/chromium.ts";
import { startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";
import { fillForm, waitForPlayableVideo, waitForText } from "./test-support/generate-page-driver.ts";
import { startUiSession, type UiSession } from "./test-support/ui-session.ts";

/*
 * The web UI in Chromium against a gateway with an API key: the pages ask for the key, keep it,
 * and play and show the job's media through signed links (a `<video>` or `<img>` sends no key).
 */
describe.skipIf(!chromiumAvailable)("the web UI on a server with API keys", () => {
  let gateway: TestGateway;
  let session: UiSession;
  let token: string;

  beforeAll(async () => {
    gateway = await startTestGateway();
    token = await createTestApiKey(gateway.dataDir, "studio");
    session = await startUiSession();
  });
  afterAll(async () => {
    await session?.close();
    await gateway?.dispose();
  });

  it("asks for the key, then generates, plays and lists a video under the strict content policy", async () => {
    const page = await session.newPage();
    const policyViolations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) policyViolations.push(message.text());
    });
    const refused = page.waitForResponse((response) => response.url().endsWith("/api/v1/models"));
    const response = await page.goto(`${gateway.url}/`);
    expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
    expect(response?.headers()["x-content-type-options"]).toBe("nosniff");
    expect((await refused).status()).toBe(401);
    await waitForText(page, "#api-key-alert", "asks for an API key");
    expect(await page.isVisible("#api-key-input")).toBe(true);
    expect(await page.getAttribute("#api-key-input", "type")).toBe("password");
    expect(await page.textContent("#api-key-note")).toContain("Kept in this browser only");
    await session.screenshot(page, "20-keyed-asks-for-key");

    await page.fill("#api-key-input", token);
    await Promise.all([page.waitForEvent("load"), page.click("#api-key-form button[type=submit]")]);
    await waitForText(page, "#quote-summary", "Describe the video");
    expect(await page.isVisible("#api-key-input")).toBe(false);
    expect(await page.evaluate(() => localStorage.getItem("reelay.apiKey"))).toBe(token);
    await fillForm(page, { prompt: "A kite over a windy beach", durationSeconds: "1", resolution: "360p" });
    await waitForText(page, "#quote-summary", "Price: free");
    await page.click("#generate-button");
    await waitForPlayableVideo(page);
    const videoUrl = (await page.getAttribute('#job-panel [data-role="video"]', "src")) ?? "";
    expect(videoUrl).toMatch(/\/content\?tenant=studio&expires=\d+&signature=/);
    await session.screenshot(page, "21-keyed-video-playing");

    await page.goto(`${gateway.url}/jobs`);
    await waitForText(page, "#gallery-status", "Showing 1 job.");
    await page.waitForFunction(() => {
      const image = document.querySelector<HTMLImageElement>("#gallery-list img");
      return image !== null && image.complete && image.naturalWidth > 0;
    });
    expect(await page.getAttribute("#gallery-list img", "src")).toMatch(/\/thumbnail\?tenant=studio&/);
    await session.screenshot(page, "22-keyed-gallery");

    await page.click("#api-key summary");
    await Promise.all([page.waitForEvent("load"), page.click("#api-key-forget")]);
    await waitForText(page, "#api-key-alert", "asks for an API key");
    expect(await page.evaluate(() => localStorage.getItem("reelay.apiKey"))).toBeNull();
    expect(policyViolations).toEqual([]);
  });
});
