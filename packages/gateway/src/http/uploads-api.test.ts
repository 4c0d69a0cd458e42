import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobView, UploadView } from "@reelay/client";
import {
  exifHasGps,
  makePngClaimingSize,
  makeRotatedJpegWithGps,
  makeSvgWithScript,
  makeTestImage,
  makeTruncatedJpeg,
} from "../media/test-support/make-test-image.ts";
import { decodeFrame } from "../providers/local/test-support/fixtures.ts";
import { GRID_HEIGHT, GRID_WIDTH, gridOfPixels, meanDifference } from "../providers/local/test-support/images.ts";
import { eventually, startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";

function multipart(bytes: Buffer, filename: string): FormData {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)]), filename);
  return form;
}

async function storedUploads(gateway: TestGateway): Promise<string[]> {
  return readdir(path.join(gateway.dataDir, "media", "uploads", "default")).catch(() => []);
}

describe("uploads", () => {
  let gateway: TestGateway;
  const upload = (body: FormData | string, type?: string) =>
    fetch(`${gateway.url}/api/v1/uploads`, {
      method: "POST",
      body,
      ...(type ? { headers: { "content-type": type } } : {}),
    });

  beforeAll(async () => {
    gateway = await startTestGateway({ REELAY_MAX_UPLOAD_BYTES: String(5 * 1024 * 1024) });
  });
  afterAll(async () => {
    await gateway?.dispose();
  });

  it("stores a rotated JPEG upright and without GPS, once for the same bytes", async () => {
    const jpeg = await makeRotatedJpegWithGps(60, 40);
    expect(exifHasGps((await sharp(jpeg).metadata()).exif ?? Buffer.alloc(0))).toBe(true);
    const first = await upload(multipart(jpeg, "holiday.jpg"));
    expect(first.status).toBe(201);
    const view = (await first.json()) as UploadView;
    expect(view).toMatchObject({ object: "upload", mediaType: "image/jpeg", width: 60, height: 40 });
    const stored = path.join(gateway.dataDir, "media", "uploads", "default", `${view.sha256}.jpg`);
    const metadata = await sharp(stored).metadata();
    expect([metadata.width, metadata.height, metadata.exif, metadata.orientation]).toEqual([
      60,
      40,
      undefined,
      undefined,
    ]);

    const again = await upload(multipart(jpeg, "copy.jpg"));
    expect(again.status).toBe(200);
    expect(((await again.json()) as UploadView).id).toBe(view.id);
    expect((await storedUploads(gateway)).filter((name) => name.startsWith(view.sha256))).toHaveLength(1);
    expect((await (await fetch(`${gateway.url}/api/v1/uploads/${view.id}`)).json()) as UploadView).toEqual(view);
  });

  it("accepts a data URI and refuses unsafe URLs", async () => {
    const png = await makeTestImage({ width: 32, height: 32, format: "png" });
    const dataUri = `data:image/png;base64,${png.toString("base64")}`;
    const created = await upload(JSON.stringify({ dataUri }), "application/json");
    expect(created.status).toBe(201);
    for (const url of [
      "http://127.0.0.1/x.png",
      "http://[::1]/x.png",
      "http://10.0.0.1/x.png",
      "http://169.254.169.254/latest/meta-data",
    ]) {
      const refused = await upload(JSON.stringify({ url }), "application/json");
      expect(refused.status, url).toBe(422);
      expect(((await refused.json()) as { error: { code: string } }).error.code, url).toBe("unsafe_url");
    }
  });

  it("refuses bad images with a clear 4xx and stores nothing", async () => {
    const before = await storedUploads(gateway);
    const cases: Array<[string, Buffer, string]> = [
      ["bomb.png", makePngClaimingSize(40_000, 40_000), "invalid_image"],
      ["cut.jpg", await makeTruncatedJpeg(), "invalid_image"],
      ["notes.png", Buffer.from("just some text, not an image at all"), "invalid_image"],
      ["logo.svg", makeSvgWithScript(), "invalid_image"],
    ];
    for (const [name, bytes, code] of cases) {
      const response = await upload(multipart(bytes, name));
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(response.status, name).toBe(422);
      expect(body.error.code, name).toBe(code);
      expect(body.error.message.length, name).toBeGreaterThan(20);
    }
    expect(await storedUploads(gateway)).toEqual(before);
  });

  it("refuses a 200 MB body without reading it all", async () => {
    const rssBefore = process.memoryUsage().rss;
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 200) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${gateway.url}/api/v1/uploads`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x" },
      body,
      duplex: "half",
    } as RequestInit).catch((error: unknown) => error);
    // The server may answer 413 and close before the whole body is sent; both are a refusal.
    if (response instanceof Response) expect(response.status).toBe(413);
    expect(sent).toBeLessThan(200);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * 1024 * 1024);
  });

  it("answers 404 for unknown uploads and deletes its own", async () => {
    expect((await fetch(`${gateway.url}/api/v1/uploads/upl_missing`)).status).toBe(404);
    const png = await makeTestImage({ width: 20, height: 20, format: "png" });
    const view = (await (await upload(multipart(png, "a.png"))).json()) as UploadView;
    expect((await fetch(`${gateway.url}/api/v1/uploads/${view.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await fetch(`${gateway.url}/api/v1/uploads/${view.id}`)).status).toBe(404);
  });

  it("serves a signed media URL until it expires, and nothing for a changed URL", async () => {
    const png = await makeTestImage({ width: 24, height: 24, format: "png" });
    const view = (await (await upload(multipart(png, "b.png"))).json()) as UploadView;
    const key = `uploads/default/${view.sha256}.png`;
    const url = gateway.signer.sign(key, 60, Date.now());
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("image/png");
    const parsed = new URL(url);
    const expires = parsed.searchParams.get("expires") ?? "";
    const signature = parsed.searchParams.get("signature") ?? "";
    const variants = [
      url.replace(`${view.sha256}.png`, `${view.sha256.slice(0, -1)}0.png`),
      url.replace(`expires=${expires}`, `expires=${Number(expires) + 1}`),
      url.replace(`signature=${signature}`, `signature=${signature.slice(0, -2)}AA`),
      gateway.signer.sign(key, 1, Date.now() - 5_000),
    ];
    for (const variant of variants) expect((await fetch(variant)).status, variant).toBe(403);
  });

  it("turns an uploaded photo into a video whose first frame matches it", async () => {
    const photo = await makeTestImage({ width: 640, height: 360, format: "jpeg", pattern: "gradient" });
    const view = (await (await upload(multipart(photo, "photo.jpg"))).json()) as UploadView;
    const created = await fetch(`${gateway.url}/api/v1/jobs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "local/preview",
        prompt: "the photo, slowly",
        image: { uploadId: view.id },
        durationSeconds: 2,
        resolution: "360p",
      }),
    });
    expect(created.status).toBe(202);
    const job = (await created.json()) as JobView;
    expect(job.request.image).toEqual({ uploadId: view.id });
    const done = await eventually(
      async () => {
        const current = (await (await fetch(`${gateway.url}/api/v1/jobs/${job.id}`)).json()) as JobView;
        return current.status === "queued" || current.status === "running" ? undefined : current;
      },
      60_000,
      "the image-to-video job",
    );
    expect(done.status).toBe(done.failure ? `failed: ${done.failure.message}` : "succeeded");
    expect(done.video).toMatchObject({ width: 640, height: 360 });
    const video = path.join(gateway.dataDir, "downloaded.mp4");
    await writeFile(
      video,
      Buffer.from(await (await fetch(`${gateway.url}/api/v1/jobs/${job.id}/content`)).arrayBuffer()),
    );
    const firstFrame = await gridOfPixels(await decodeFrame(video, 0), 640, 360);
    const photoGrid = await sharp(photo)
      .resize(GRID_WIDTH, GRID_HEIGHT, { fit: "fill" })
      .removeAlpha()
      .raw()
      .toBuffer();
    expect(meanDifference(firstFrame, photoGrid)).toBeLessThan(12);
  });

  it("reports on validate what preparation will change", async () => {
    const square = await makeTestImage({ width: 300, height: 300, format: "png", pattern: "thirds" });
    const view = (await (await upload(multipart(square, "square.png"))).json()) as UploadView;
    const response = await fetch(`${gateway.url}/api/v1/validate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "local/preview", prompt: "x", image: { uploadId: view.id }, aspectRatio: "16:9" }),
    });
    const body = (await response.json()) as { valid: boolean; warnings: Array<{ code: string; message: string }> };
    expect(body.valid).toBe(true);
    expect(body.warnings.map((warning) => warning.code)).toEqual(["image_will_be_cropped"]);

    const textOnly = await fetch(`${gateway.url}/api/v1/validate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "local/preview", prompt: "x", lastFrame: { uploadId: view.id } }),
    });
    const refused = (await textOnly.json()) as { valid: boolean; issues: Array<{ field: string; code: string }> };
    expect(refused).toMatchObject({ valid: false, issues: [{ field: "lastFrame", code: "first_frame_required" }] });
  });
});
