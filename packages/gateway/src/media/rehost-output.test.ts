import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { beforeEach, describe, expect, it } from "vitest";
import type { ProviderOutput } from "../core/types.ts";
import type { MediaStore } from "./media-store.ts";
import { makeUndecodableVideo } from "./synthetic-video.ts";
import { listen } from "../test-support/listen.ts";
import { downloadFailure, useDownloadFixture } from "./test-support/download-fixture.ts";

const requests: { url: string; token: string | undefined }[] = [];

function route(request: IncomingMessage, response: ServerResponse): void {
  const url = request.url ?? "/";
  const { video } = fixture;
  requests.push({ url, token: request.headers["x-token"] as string | undefined });
  if (url === "/video.mp4") {
    response.writeHead(200, { "content-type": "video/mp4", "content-length": video.byteLength });
    response.end(video);
  } else if (url === "/private.mp4") {
    if (request.headers["x-token"] !== "secret") response.writeHead(401).end();
    else response.writeHead(200, { "content-type": "video/mp4" }).end(video);
  } else if (url === "/redirect-same") {
    response.writeHead(302, { location: "/private.mp4" }).end();
  } else if (url === "/redirect-other") {
    response.writeHead(302, { location: `${fixture.otherOriginUrl}/video.mp4` }).end();
  } else if (url === "/chunked.mp4") {
    // No content-length: the limit must be enforced while streaming.
    response.writeHead(200, { "content-type": "video/mp4" });
    response.end(video);
  } else if (url === "/text") {
    response.writeHead(200, { "content-type": "video/mp4" }).end("definitely not a video");
  } else if (url === "/boom") {
    response.writeHead(500).end("oops");
  } else if (url === "/stall") {
    response.writeHead(200, { "content-type": "video/mp4" });
    response.write(video.subarray(0, 100)); // ...and never ends
  } else {
    response.writeHead(Number(url.match(/^\/status\/(\d+)$/)?.[1] ?? 404)).end();
  }
}

const fixture = useDownloadFixture({
  video: { width: 320, height: 180, durationSeconds: 1.5, audio: true },
  tempPrefix: "reelay-rehost-",
  route,
});
const { rehoster } = fixture;
beforeEach(() => {
  requests.length = 0;
});

function urlOutput(path: string, headers?: Record<string, string>): ProviderOutput[] {
  return [
    { kind: "video", source: { type: "url", url: `${fixture.baseUrl}${path}`, ...(headers ? { headers } : {}) } },
  ];
}

async function filesInStore(): Promise<string[]> {
  const entries = await readdir(fixture.root, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

describe("createOutputRehoster", () => {
  it("stores a video from a file source with probe data and a thumbnail", async () => {
    const sourceDirectory = await mkdtemp(join(tmpdir(), "reelay-source-"));
    const path = join(sourceDirectory, "render.mp4");
    await writeFile(path, fixture.video);
    try {
      const stored = await rehoster().rehost("job_1", [
        { kind: "thumbnail", source: { type: "file", path: "/nonexistent.webp" } },
        { kind: "video", source: { type: "file", path } },
      ]);
      expect(stored).toEqual({
        key: "videos/job_1.mp4",
        thumbnailKey: "thumbnails/job_1.webp",
        thumbnailMediaType: "image/webp",
        mediaType: "video/mp4",
        sizeBytes: fixture.video.byteLength,
        durationSeconds: expect.closeTo(1.5, 1),
        width: 320,
        height: 180,
        codec: expect.stringMatching(/^avc1\./),
        sha256: createHash("sha256").update(fixture.video).digest("hex"),
      });
      const thumbnailPath = fixture.store.localPath("thumbnails/job_1.webp") ?? "";
      expect(await sharp(thumbnailPath).metadata()).toMatchObject({ format: "webp", width: 320, height: 180 });
    } finally {
      await rm(sourceDirectory, { recursive: true, force: true });
    }
  });

  it("stores a placeholder thumbnail, and warns, when no frame can be decoded", async () => {
    const sourceDirectory = await mkdtemp(join(tmpdir(), "reelay-source-"));
    const path = join(sourceDirectory, "undecodable.mp4");
    await writeFile(path, await makeUndecodableVideo());
    const warnings: string[] = [];
    try {
      const stored = await rehoster({ onWarning: (message) => warnings.push(message) }).rehost("job_u", [
        { kind: "video", source: { type: "file", path } },
      ]);
      expect(stored).toMatchObject({ width: 320, height: 180, codec: "vp09.00.10.08" });
      expect(warnings).toHaveLength(1);
      const thumbnailPath = fixture.store.localPath(stored.thumbnailKey) ?? "";
      expect(await sharp(thumbnailPath).metadata()).toMatchObject({ format: "webp", width: 320, height: 180 });
    } finally {
      await rm(sourceDirectory, { recursive: true, force: true });
    }
  });

  it("streams a video from an HTTP URL, sending the output's headers", async () => {
    const stored = await rehoster().rehost("job_2", urlOutput("/private.mp4", { "x-token": "secret" }));
    expect(stored).toMatchObject({
      key: "videos/job_2.mp4",
      sizeBytes: fixture.video.byteLength,
      width: 320,
      height: 180,
    });
    expect((await fixture.store.stat("videos/job_2.mp4"))?.sizeBytes).toBe(fixture.video.byteLength);
    expect(await fixture.store.stat("thumbnails/job_2.webp")).not.toBeNull();
  });

  it("probes through a temporary copy when the store has no local files", async () => {
    const remoteLike: MediaStore = { ...fixture.store, localPath: () => null };
    const stored = await rehoster({ store: remoteLike }).rehost("job_r", urlOutput("/video.mp4"));
    expect(stored).toMatchObject({ width: 320, height: 180, sizeBytes: fixture.video.byteLength });
    expect(await fixture.store.stat(stored.thumbnailKey)).not.toBeNull();
  });

  it("keeps headers on same-origin redirects and drops them on cross-origin ones", async () => {
    await rehoster().rehost("job_3", urlOutput("/redirect-same", { "x-token": "secret" }));
    expect(requests.map((request) => [request.url, request.token])).toEqual([
      ["/redirect-same", "secret"],
      ["/private.mp4", "secret"],
    ]);
    requests.length = 0;
    await rehoster().rehost("job_4", urlOutput("/redirect-other", { "x-token": "secret" }));
    expect(requests.map((request) => [request.url, request.token])).toEqual([
      ["/redirect-other", "secret"],
      ["/video.mp4", undefined],
    ]);
  });

  it.each([404, 410, 403])("reports %i as an expired output, not retryable", async (status) => {
    const error = await downloadFailure(rehoster().rehost("job_5", urlOutput(`/status/${status}`)));
    expect(error).toMatchObject({ reason: "expired", retryable: false, status });
    expect(await filesInStore()).toEqual([]);
  });

  it("reports a 500 as a retryable http failure and a 400 as a final one", async () => {
    expect(await downloadFailure(rehoster().rehost("job_6", urlOutput("/boom")))).toMatchObject({
      reason: "http",
      retryable: true,
      status: 500,
    });
    expect(await downloadFailure(rehoster().rehost("job_6", urlOutput("/status/400")))).toMatchObject({
      reason: "http",
      retryable: false,
      status: 400,
    });
    expect(await filesInStore()).toEqual([]);
  });

  it("reports a refused connection as a retryable network failure", async () => {
    const closed = createServer();
    const closedUrl = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const outputs: ProviderOutput[] = [{ kind: "video", source: { type: "url", url: `${closedUrl}/x.mp4` } }];
    expect(await downloadFailure(rehoster().rehost("job_7", outputs))).toMatchObject({
      reason: "network",
      retryable: true,
    });
  });

  it("times out a stalled download as retryable and removes the partial object", async () => {
    const error = await downloadFailure(rehoster({ timeoutMs: 300 }).rehost("job_8", urlOutput("/stall")));
    expect(error).toMatchObject({ reason: "network", retryable: true });
    expect(error.message).toMatch(/300 ms/);
    expect(await filesInStore()).toEqual([]);
  });

  it("refuses a video over the limit, declared or streamed, and keeps nothing", async () => {
    const small = rehoster({ maxBytes: 1000 });
    expect(await downloadFailure(small.rehost("job_9", urlOutput("/video.mp4")))).toMatchObject({
      reason: "too_large",
      retryable: false,
    });
    expect(await downloadFailure(small.rehost("job_9", urlOutput("/chunked.mp4")))).toMatchObject({
      reason: "too_large",
      retryable: false,
    });
    expect(await filesInStore()).toEqual([]);
  });

  it("refuses a body that is not a video and removes it", async () => {
    const error = await downloadFailure(rehoster().rehost("job_10", urlOutput("/text")));
    expect(error).toMatchObject({ reason: "invalid_media", retryable: false });
    expect(await filesInStore()).toEqual([]);
  });

  it("reports a missing local file as expired and no video output as no_output", async () => {
    const missing: ProviderOutput[] = [
      { kind: "video", source: { type: "file", path: join(fixture.root, "gone.mp4") } },
    ];
    expect(await downloadFailure(rehoster().rehost("job_11", missing))).toMatchObject({
      reason: "expired",
      retryable: false,
    });
    const none: ProviderOutput[] = [{ kind: "thumbnail", source: { type: "url", url: `${fixture.baseUrl}/x.webp` } }];
    expect(await downloadFailure(rehoster().rehost("job_11", none))).toMatchObject({
      reason: "no_output",
      retryable: false,
    });
    expect(await filesInStore()).toEqual([]);
  });
});
