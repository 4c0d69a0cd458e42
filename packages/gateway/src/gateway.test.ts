import { writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobView, ModelList } from "@reelay/client";
import { probeVideo } from "./media/probe-video.ts";
import { chromiumAvailable, launchChromium } from "./test-support/chromium.ts";
import { eventually, startTestGateway, type TestGateway } from "./test-support/start-test-gateway.ts";

describe("text-to-video end to end on the local provider", () => {
  let gateway: TestGateway;
  let job: JobView;
  const seen: JobView[] = [];

  beforeAll(async () => {
    gateway = await startTestGateway();
    const response = await fetch(`${gateway.url}/api/v1/jobs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "local/preview",
        prompt: "A beautiful sunset over mountains",
        aspectRatio: "16:9",
        durationSeconds: 8,
      }),
    });
    expect(response.status).toBe(202);
    const created = (await response.json()) as JobView;
    seen.push(created);
    job = await eventually(
      async () => {
        const current = (await (await fetch(`${gateway.url}/api/v1/jobs/${created.id}`)).json()) as JobView;
        seen.push(current);
        return ["succeeded", "failed", "cancelled"].includes(current.status) ? current : undefined;
      },
      120_000,
      "the job to finish",
    );
  }, 150_000);

  afterAll(async () => {
    await gateway?.dispose();
  });

  it("goes queued → running with rising progress → succeeded", () => {
    expect(seen[0]?.status).toBe("queued");
    expect(job.status).toBe("succeeded");
    expect(job.failure).toBeNull();
    const running = seen.filter((view) => view.status === "running" && view.progress !== null);
    const values = running.map((view) => view.progress?.value ?? 0);
    expect(new Set(values).size).toBeGreaterThanOrEqual(2);
    expect(values.every((value, index) => index === 0 || value >= (values[index - 1] ?? 0))).toBe(true);
    expect(job.progress).toEqual({ value: 1, source: "provider", etaSeconds: 0, expectedFinishAt: null });
    const withEta = running.filter((view) => view.progress?.etaSeconds !== null && view.progress?.expectedFinishAt);
    expect(withEta.length).toBeGreaterThan(0);
    expect(job.request).toMatchObject({ durationSeconds: 8, aspectRatio: "16:9", resolution: "720p", audio: false });
  });

  it("serves an 8 s 16:9 H.264 MP4", async () => {
    const response = await fetch(`${gateway.url}/api/v1/jobs/${job.id}/content`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("video/mp4");
    const file = path.join(gateway.dataDir, "downloaded.mp4");
    await writeFile(file, Buffer.from(await response.arrayBuffer()));
    const probe = await probeVideo(file);
    expect(Math.abs(probe.durationSeconds - 8)).toBeLessThanOrEqual(0.1);
    expect(probe.width / probe.height).toBeCloseTo(16 / 9, 2);
    expect(probe.codec).toMatch(/^avc1/);
    expect(job.video).toMatchObject({ width: probe.width, height: probe.height, mediaType: "video/mp4" });
  });

  it("serves a thumbnail image", async () => {
    const response = await fetch(`${gateway.url}/api/v1/jobs/${job.id}/thumbnail`);
    expect(response.status).toBe(200);
    const metadata = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    expect(metadata.format).toBe("webp");
    expect((metadata.width ?? 0) / (metadata.height ?? 1)).toBeCloseTo(16 / 9, 1);
  });

  it("answers a Range request with 206 and exactly those bytes", async () => {
    const whole = Buffer.from(await (await fetch(`${gateway.url}/api/v1/jobs/${job.id}/content`)).arrayBuffer());
    const response = await fetch(`${gateway.url}/api/v1/jobs/${job.id}/content`, {
      headers: { range: "bytes=100-199" },
    });
    expect(response.status).toBe(206);
    expect(response.headers.get("content-range")).toBe(`bytes 100-199/${whole.length}`);
    expect(Buffer.from(await response.arrayBuffer()).equals(whole.subarray(100, 200))).toBe(true);
  });

  it.skipIf(!chromiumAvailable)("plays in Chromium", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${gateway.url}/healthz`);
      const played = await page.evaluate(async (src) => {
        const video = document.createElement("video");
        video.muted = true;
        video.src = src;
        document.body.append(video);
        await new Promise((resolve, reject) => {
          video.addEventListener("loadedmetadata", resolve, { once: true });
          video.addEventListener("error", () => reject(new Error(`media error ${video.error?.code}`)), { once: true });
        });
        await video.play();
        await new Promise((resolve) => setTimeout(resolve, 700));
        return {
          duration: video.duration,
          width: video.videoWidth,
          height: video.videoHeight,
          time: video.currentTime,
        };
      }, `/api/v1/jobs/${job.id}/content`);
      expect(Math.abs(played.duration - 8)).toBeLessThanOrEqual(0.1);
      expect(played.width / played.height).toBeCloseTo(16 / 9, 2);
      expect(played.time).toBeGreaterThan(0.2);
    } finally {
      await browser.close();
    }
  });

  it("lists the job and the catalog", async () => {
    const list = (await (await fetch(`${gateway.url}/api/v1/jobs?status=succeeded`)).json()) as { data: JobView[] };
    expect(list.data.map((item) => item.id)).toContain(job.id);
    const models = (await (await fetch(`${gateway.url}/api/v1/models`)).json()) as ModelList;
    const local = models.data.find((model) => model.id === "local/preview");
    expect(local).toMatchObject({ available: true, pricePerSecondUsd: 0, lifecycle: { status: "active" } });
    const runway = models.data.find((model) => model.id === "runway/gen4_turbo");
    expect(runway).toMatchObject({ available: false, inputs: { text: false, firstFrame: true } });
    expect(runway?.unavailableReason).toMatch(/REELAY_RUNWAY_API_KEY/);
    const retired = models.data.find((model) => model.id === "google-vertex/veo-3.0-generate-001");
    expect(retired?.unavailableReason).toMatch(/retired on 2026-06-30; use google-vertex\/veo-3.1-generate-001/);
    expect(models.data.every((model) => model.pricePerSecondUsd >= 0 && model.durationsSeconds.length > 0)).toBe(true);
    // Provider options are listed with their values: Veo's person generation per family, Vidu's
    // movement amplitude before q2; a model without any lists none.
    const optionsOf = (id: string) => models.data.find((model) => model.id === id)?.providerOptions;
    expect(optionsOf("local/preview")).toEqual({});
    expect(optionsOf("google-vertex/veo-2.0-generate-001")).toEqual({
      personGeneration: ["allow_all", "allow_adult", "dont_allow"],
    });
    expect(optionsOf("google-vertex/veo-3.1-generate-001")).toEqual({ personGeneration: ["allow_all", "allow_adult"] });
    expect(optionsOf("vidu/vidu1.5")).toEqual({ movementAmplitude: expect.arrayContaining(["auto", "small"]) });
    expect(optionsOf("vidu/viduq2")).toEqual({});
    const byPath = await fetch(`${gateway.url}/api/v1/models/local/preview`);
    expect(((await byPath.json()) as { id: string }).id).toBe("local/preview");
  });

  it("publishes an OpenAPI document", async () => {
    const document = (await (await fetch(`${gateway.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/api/v1/jobs", "/api/v1/jobs/{id}/content"]));
  });
});
