import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBrowserBundle } from "../../client/src/test-support/build-browser-bundle.ts";
import { chromiumAvailable, launchChromium } from "./test-support/chromium.ts";
import { startTestGateway, type TestGateway } from "./test-support/start-test-gateway.ts";

describe("the SDK in a browser", () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(async () => {
    await gateway?.dispose();
  });

  it.skipIf(!chromiumAvailable)("generates from text and from a Blob in Chromium, following events", async () => {
    const bundle = await buildBrowserBundle();
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const requested: string[] = [];
      page.on("request", (request) => requested.push(`${request.method()} ${new URL(request.url()).pathname}`));
      await page.goto(`${gateway.url}/healthz`);
      // The bundle is loaded the way a page loads any ES module: by URL, from a <script type="module">.
      const moduleUrl = await page.evaluate(
        (code) => URL.createObjectURL(new Blob([code], { type: "text/javascript" })),
        bundle.code,
      );
      await page.addScriptTag({
        type: "module",
        content: `import * as sdk from "${moduleUrl}"; window.reelaySdk = sdk;`,
      });
      await page.waitForFunction(() => "reelaySdk" in window);
      const result = await page.evaluate(async () => {
        const sdk = (window as unknown as { reelaySdk: typeof import("@reelay/client") }).reelaySdk;
        const service = sdk.createVideoGenerationService({ baseUrl: location.origin });

        const store = sdk.createGenerationStore(service);
        const states: Array<{ isGenerating: boolean; progress: number; videoUrl: string | null }> = [];
        store.subscribe(() => {
          const state = store.getState();
          states.push({ isGenerating: state.isGenerating, progress: state.progress, videoUrl: state.videoUrl });
        });
        const textStatus = await store.generateFromText({
          prompt: "A beautiful sunset over mountains",
          model: "local/preview",
          duration: 1,
          resolution: "360p",
        });

        const canvas = document.createElement("canvas");
        canvas.width = 320;
        canvas.height = 180;
        const context = canvas.getContext("2d");
        if (context === null) throw new Error("no 2d context");
        context.fillStyle = "#e0702a";
        context.fillRect(0, 0, 320, 180);
        const image = await new Promise<Blob>((resolve, reject) =>
          canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("no blob"))), "image/png"),
        );
        const imageTask = await service.generateVideoFromImage({
          prompt: "the orange glow pulses",
          model: "local/preview",
          image,
          duration: 1,
          resolution: "360p",
        });
        const imageStatus = await service.pollTaskUntilComplete(imageTask);
        const video = await service.downloadVideo(imageTask);
        return {
          textStatus: textStatus?.status,
          videoUrl: textStatus?.videoUrl,
          states,
          imageStatus: imageStatus.status,
          imageInput: imageTask.job.request.image,
          videoType: video.headers.get("content-type"),
          videoBytes: (await video.arrayBuffer()).byteLength,
        };
      });

      expect(result.textStatus).toBe("succeeded");
      expect(result.videoUrl).toMatch(new RegExp(`^${gateway.url}/api/v1/jobs/job_\\w+/content$`));
      expect(result.states[0]?.isGenerating).toBe(true);
      expect(result.states.at(-1)).toEqual({ isGenerating: false, progress: 1, videoUrl: result.videoUrl });
      const progress = result.states.map((state) => state.progress);
      expect(progress.every((value, index) => index === 0 || value >= (progress[index - 1] ?? 0))).toBe(true);
      expect(result.imageStatus).toBe("succeeded");
      expect(result.imageInput).toMatchObject({ uploadId: expect.stringMatching(/^upl_/) });
      expect(result.videoType).toBe("video/mp4");
      expect(result.videoBytes).toBeGreaterThan(1_000);
      expect(requested).toContain("POST /api/v1/uploads");
      expect(requested.some((line) => /^GET \/api\/v1\/jobs\/job_\w+\/events$/.test(line))).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
