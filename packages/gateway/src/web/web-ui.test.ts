import { Reelay, type JobView } from "@reelay/client";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestImage } from "../media/test-support/make-test-image.ts";
import { chromiumAvailable } from "../test-support/chromium.ts";
import { startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";
import {
  dropImage,
  fillForm,
  followedJobId,
  waitForPercent,
  waitForPlayableVideo,
  waitForText,
} from "./test-support/generate-page-driver.ts";
import { seedJobs } from "./test-support/seed-jobs.ts";
import { hostOf, startUiSession, type UiSession } from "./test-support/ui-session.ts";

/*
 * The web UI in Debian's Chromium against a sandbox gateway (every remote provider is its fake on
 * 127.0.0.1; local/preview renders real videos). Each step leaves a screenshot in test-artifacts/ui/.
 */
describe.skipIf(!chromiumAvailable)("the web UI", () => {
  let gateway: TestGateway;
  let session: UiSession;
  let client: Reelay;

  beforeAll(async () => {
    gateway = await startTestGateway({ REELAY_SANDBOX: "true" });
    session = await startUiSession();
    client = new Reelay({ baseUrl: gateway.url });
  });
  afterAll(async () => {
    await session?.close();
    await gateway?.dispose();
  });

  const openGenerator = async (): Promise<Page> => {
    const page = await session.newPage();
    await page.goto(`${gateway.url}/`);
    await waitForText(page, "#quote-summary", "Describe the video");
    return page;
  };

  it("generates a text-to-video with the local provider and plays it", async () => {
    const page = await openGenerator();
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.isVisible("#sandbox-banner")).toBe(true);
    const unlabelled = await page.$$eval("input, select, textarea", (controls) =>
      controls.filter((control) => (control as HTMLInputElement).labels?.length === 0).map((control) => control.id),
    );
    expect(unlabelled).toEqual([]);
    await fillForm(page, { prompt: "A red fox in fresh snow", durationSeconds: "1", resolution: "360p" });
    await waitForText(page, "#quote-summary", "Price: free");
    await session.screenshot(page, "01-text-form-quoted");
    await page.focus("#generate-button");
    await page.keyboard.press("Enter");
    await waitForPlayableVideo(page);
    await session.screenshot(page, "02-text-video-playing");
    const job = await client.jobs.get(followedJobId(page));
    expect(job).toMatchObject({ status: "succeeded", model: "local/preview" });
    expect(await page.getAttribute('[data-role="download"]', "href")).toBe(job.video?.url);
  });

  it("runs image-to-video from a dropped first frame and a picked last frame", async () => {
    const page = await openGenerator();
    await page.check('input[name="mode"][value="image"]');
    const first = await makeTestImage({ width: 640, height: 480, format: "png", pattern: "thirds" });
    await dropImage(page, '[data-dropzone="image"]', { name: "first.png", bytes: first });
    await waitForText(page, '[data-field="image"] [data-role="facts"]', "640×480 PNG");
    const last = await makeTestImage({ width: 480, height: 270, format: "png", pattern: "gradient" });
    await page.setInputFiles("#lastFrame-file", { name: "last.png", mimeType: "image/png", buffer: last });
    await waitForText(page, '[data-field="lastFrame"] [data-role="facts"]', "480×270 PNG");
    expect(await page.isVisible('[data-field="image"] [data-role="preview"]')).toBe(true);
    await fillForm(page, { prompt: "The colours drift apart", durationSeconds: "1", resolution: "360p" });
    await waitForText(page, "#quote-warnings", "will be cropped to 16:9");
    await session.screenshot(page, "03-image-form-with-preparation-warning");
    await page.click("#generate-button");
    await waitForPlayableVideo(page);
    await session.screenshot(page, "04-image-video-playing");
    const job = await client.jobs.get(followedJobId(page));
    expect(job.status).toBe("succeeded");
    expect(job.request.image?.uploadId).toMatch(/^upl_/);
    expect(job.request.lastFrame?.uploadId).toMatch(/^upl_/);
  });

  it("offers exactly the durations and people choices of the chosen model", async () => {
    const page = await openGenerator();
    const { data: models } = await client.models.list();
    const chosen = ["local/preview", "google-vertex/veo-3.1-generate-001", "pixverse/v5.6", "vidu/viduq1"];
    for (const model of models.filter((candidate) => chosen.includes(candidate.id))) {
      await page.selectOption("#provider", model.provider);
      await page.selectOption("#model", model.id);
      const offered = await page.$$eval("#durationSeconds option", (options) =>
        options.map((option) => Number((option as HTMLOptionElement).value)),
      );
      expect(offered, model.id).toEqual(model.durationsSeconds);
      // Person generation shows only for models whose provider options include it, with their values.
      const people = model.providerOptions.personGeneration ?? [];
      expect(await page.isVisible("#personGeneration"), model.id).toBe(people.length > 0);
      if (people.length > 0) {
        const values = await page.$$eval("#personGeneration option", (options) =>
          options.map((option) => (option as HTMLOptionElement).value),
        );
        expect(values, model.id).toEqual(["", ...people]);
      }
    }
    await page.selectOption("#provider", "runway");
    await page.selectOption("#model", "runway/veo3");
    expect(
      await page.$$eval("#durationSeconds option", (options) => options.map((option) => option.textContent)),
    ).toEqual(["8 s"]);
    await session.screenshot(page, "05-model-durations");
  });

  it("explains a combination the API refuses, next to the field it names", async () => {
    const page = await openGenerator();
    await fillForm(page, {
      provider: "google-vertex",
      model: "google-vertex/veo-3.1-generate-001",
      prompt: "A lighthouse in a storm",
      resolution: "1080p",
      durationSeconds: "4",
    });
    const issue = '[data-field="durationSeconds"] .field-issue';
    await waitForText(page, issue, "1080p only for 8-second videos");
    const refused = page.waitForResponse((response) => response.url().endsWith("/api/v1/jobs"));
    await page.click("#generate-button");
    expect((await refused).status()).toBe(422);
    await waitForText(page, "#form-alert", "Reelay refused the request");
    expect(await page.getAttribute("#durationSeconds", "aria-invalid")).toBe("true");
    expect(await page.getAttribute("#form-alert a", "href")).toBe("#durationSeconds");
    expect(await page.textContent(issue)).toContain("allowed: 8 s");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("form-alert");
    await session.screenshot(page, "06-invalid-combination-explained");
  });

  it("fills the form from a preset, sends the style and category, and quotes the styled prompt", async () => {
    const page = await openGenerator();
    await page.selectOption("#preset", "cinematic-veo");
    expect(await page.inputValue("#model")).toBe("google-vertex/veo-3.1-fast-generate-001");
    expect(await page.inputValue("#resolution")).toBe("1080p");
    expect(await page.inputValue("#durationSeconds")).toBe("8");
    expect(await page.isChecked("#audio")).toBe(true);
    expect(await page.inputValue("#style")).toBe("cinematic");
    await page.selectOption("#category", "nature");
    await page.fill("#prompt", "A lighthouse at dawn");
    await waitForText(page, "#quote-prompt", "A lighthouse at dawn, cinematic lighting");
    await waitForText(page, "#quote-summary", "Price: $");
    await session.screenshot(page, "07-preset-and-style");
    await page.click("#generate-button");
    await page.waitForURL(/\?job=job_/);
    const job = await client.jobs.get(followedJobId(page));
    expect(job).toMatchObject({
      style: "cinematic",
      category: "nature",
      model: "google-vertex/veo-3.1-fast-generate-001",
    });
    expect(job.request.prompt).toMatch(/^A lighthouse at dawn, cinematic lighting/);
    await client.jobs.cancel(job.id);
  });

  it("keeps following a job across a reload mid-generation, then cancels it", async () => {
    const page = await openGenerator();
    await fillForm(page, { prompt: "Waves rolling in at dusk", durationSeconds: "12", resolution: "1080p" });
    await page.click("#generate-button");
    const before = await waitForPercent(page, 2);
    const jobId = followedJobId(page);
    await session.screenshot(page, "08-running-before-reload");
    await page.reload();
    const after = await waitForPercent(page, before);
    expect(followedJobId(page)).toBe(jobId);
    expect(await page.inputValue("#prompt")).toBe("Waves rolling in at dusk");
    await waitForPercent(page, after + 1);
    await session.screenshot(page, "09-after-reload-progress-continues");
    await page.click('#job-panel [data-role="cancel"]');
    await waitForText(page, '#job-panel [data-role="status"]', "Cancelled.");
    expect(await page.textContent('#job-panel [data-role="failure"]')).toContain("The job was cancelled.");
    await session.screenshot(page, "10-cancelled");
    expect((await client.jobs.get(jobId)).status).toBe("cancelled");
  });

  it("lists 100 jobs a page at a time with thumbnails, filtered and searched", async () => {
    const template = await client.jobs.wait(
      (await client.jobs.create({ model: "local/preview", prompt: "template", durationSeconds: 1, resolution: "360p" }))
        .id,
    );
    const record = await gateway.store.get("default", template.id);
    if (record === null) throw new Error("the template job is missing");
    await seedJobs(gateway.store, record, 100, (job, index) => ({
      ...job,
      request: { ...job.request, prompt: `Seeded scene number ${index}` },
      category: index % 2 === 0 ? "nature" : "travel",
    }));
    const page = await session.newPage();
    const startedMs = Date.now();
    await page.goto(`${gateway.url}/jobs?q=seeded+scene`);
    await page.waitForFunction(() => document.querySelectorAll("#gallery-list li").length === 24);
    const firstPageMs = Date.now() - startedMs;
    expect(firstPageMs).toBeLessThan(3_000);
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>("#gallery-list img")]
        .slice(0, 4)
        .every((image) => image.complete && image.naturalWidth > 0),
    );
    await session.screenshot(page, "11-gallery-first-page");
    for (let shown = 24; shown < 100; shown += 24) {
      await page.click("#load-more");
      await page.waitForFunction((count) => document.querySelectorAll("#gallery-list li").length > count, shown);
    }
    expect(await page.locator("#gallery-list li").count()).toBe(100);
    expect(await page.isHidden("#load-more")).toBe(true);
    await waitForText(page, "#gallery-status", "Showing 100 jobs.");
    await page.selectOption("#category", "travel");
    await page.fill("#q", "number 1");
    await page.click("#gallery-filters button[type=submit]");
    await page.waitForURL(/category=travel/);
    await waitForText(page, "#gallery-status", "Showing");
    const prompts = await page.$$eval(".gallery-prompt", (items) => items.map((item) => item.textContent ?? ""));
    expect(prompts.length).toBeGreaterThan(0);
    expect(prompts.every((prompt) => /number 1\d*$/.test(prompt))).toBe(true);
    expect(await page.textContent(".gallery-meta")).toContain("Travel");
    await session.screenshot(page, "12-gallery-filtered");
  });

  it("shows a job's parameters, timeline, warnings and video on its page", async () => {
    const { data } = await client.jobs.list({ status: "succeeded", limit: 1, q: "drift apart" });
    const job: JobView | undefined = data[0];
    if (job === undefined) throw new Error("the image-to-video job is missing");
    const page = await session.newPage();
    await page.goto(`${gateway.url}/jobs/${job.id}`);
    await waitForText(page, "#job-timeline", "Done");
    await waitForPlayableVideo(page);
    expect(await page.textContent("#job-parameters")).toContain("The colours drift apart");
    expect(await page.textContent('#job-panel [data-role="warnings"]')).toContain("cropped");
    expect(await page.isVisible("#sandbox-banner")).toBe(true);
    await session.screenshot(page, "13-job-page");
    await page.setViewportSize({ width: 375, height: 800 });
    const narrowPages: Array<{ path: string; readyText: [string, string]; name: string }> = [
      { path: `/jobs/${job.id}`, readyText: ["#job-timeline", "Done"], name: "14-job-page-375px" },
      { path: "/", readyText: ["#quote-summary", "Describe the video"], name: "15-generate-page-375px" },
      { path: "/jobs", readyText: ["#gallery-status", "Showing"], name: "16-gallery-375px" },
    ];
    for (const { path, readyText, name } of narrowPages) {
      await page.goto(`${gateway.url}${path}`);
      await waitForText(page, ...readyText);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(375);
      await session.screenshot(page, name);
    }
  });

  it("asked nothing of any host but 127.0.0.1", () => {
    expect(session.requestedUrls.length).toBeGreaterThan(50);
    expect(session.requestedUrls.filter((url) => hostOf(url) !== "127.0.0.1")).toEqual([]);
  });
});
