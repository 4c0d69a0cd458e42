import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { beforeEach, describe, expect, it } from "vitest";
import type { ProviderOutput } from "../core/types.ts";
import { downloadFailure, useDownloadFixture } from "./test-support/download-fixture.ts";

/** What each request asked for: path, its Range and If-Range, and whether the key came along. */
const seen: Array<{ path: string; range: string | undefined; ifRange: string | undefined; key: boolean }> = [];
/** How many more answers of each path break off after a third of the bytes. */
const breaksLeft = new Map<string, number>();

/** Sends `bytes` from `start`, cutting the connection after a third of the file when a break is due. */
function send(response: ServerResponse, path: string, start: number, headers: Record<string, string>): void {
  const { video } = fixture;
  const part = video.subarray(start);
  const left = breaksLeft.get(path) ?? 0;
  if (left > 0) {
    breaksLeft.set(path, left - 1);
    const cut = Math.max(1, Math.floor(video.byteLength / 3));
    response.writeHead(start === 0 ? 200 : 206, headers);
    // The cut comes a moment after the bytes, so the client holds them when the connection breaks.
    response.write(part.subarray(0, cut), () => setTimeout(() => response.socket?.destroy(), 100));
    return;
  }
  response.writeHead(start === 0 ? 200 : 206, headers);
  response.end(part);
}

function route(request: IncomingMessage, response: ServerResponse): void {
  const path = new URL(request.url ?? "/", "http://x").pathname;
  const range = request.headers.range;
  const ifRange = request.headers["if-range"] as string | undefined;
  seen.push({ path, range, ifRange, key: request.headers["x-key"] === "secret" });
  if (path === "/redirect") {
    response.writeHead(302, { location: `${fixture.otherOriginUrl}/ranges.mp4` }).end();
    return;
  }
  const { video } = fixture;
  const supportsRanges = path !== "/no-ranges.mp4";
  // "/changed.mp4" is replaced between the two requests: its ETag no longer matches If-Range.
  const etag = path === "/changed.mp4" && range !== undefined ? '"v2"' : '"v1"';
  const start = supportsRanges && range !== undefined && ifRange === etag ? Number(/bytes=(\d+)-/.exec(range)?.[1]) : 0;
  const headers: Record<string, string> = {
    "content-type": "video/mp4",
    "content-length": String(video.byteLength - start),
    etag,
    ...(supportsRanges ? { "accept-ranges": "bytes" } : {}),
    ...(start > 0 ? { "content-range": `bytes ${start}-${video.byteLength - 1}/${video.byteLength}` } : {}),
  };
  send(response, path, start, headers);
}

const fixture = useDownloadFixture({
  video: { width: 320, height: 180, durationSeconds: 2, audio: false },
  tempPrefix: "reelay-resume-",
  route,
});
beforeEach(() => {
  seen.length = 0;
  breaksLeft.clear();
});

const rehoster = () => fixture.rehoster({ timeoutMs: 10_000, resumeDelayMs: 10 });
const output = (path: string): ProviderOutput[] => [
  { kind: "video", source: { type: "url", url: `${fixture.baseUrl}${path}`, headers: { "x-key": "secret" } } },
];
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("downloads resumed with Range", () => {
  it("resumes a broken download where it stopped and stores the exact bytes", async () => {
    breaksLeft.set("/ranges.mp4", 2);
    const stored = await rehoster().rehost("job_resume", output("/ranges.mp4"));
    expect(stored.sha256).toBe(sha256(fixture.video));
    expect(stored.sizeBytes).toBe(fixture.video.byteLength);
    const cut = Math.floor(fixture.video.byteLength / 3);
    expect(seen.map((request) => [request.range, request.ifRange])).toEqual([
      [undefined, undefined],
      [`bytes=${cut}-`, '"v1"'],
      [`bytes=${2 * cut}-`, '"v1"'],
    ]);
    expect(seen.every((request) => request.key)).toBe(true);
  });

  it("sends the range, but not the provider's key, to the host a redirect leads to", async () => {
    breaksLeft.set("/ranges.mp4", 1);
    const stored = await rehoster().rehost("job_redirect", output("/redirect"));
    expect(stored.sha256).toBe(sha256(fixture.video));
    const resumed = seen.filter((request) => request.path === "/ranges.mp4");
    expect(resumed.map((request) => [Boolean(request.range), request.key])).toEqual([
      [false, false],
      [true, false],
    ]);
  });

  it("gives up resuming when the source cannot serve ranges, leaving a retryable failure and nothing stored", async () => {
    breaksLeft.set("/no-ranges.mp4", 1);
    const failure = await downloadFailure(rehoster().rehost("job_plain", output("/no-ranges.mp4")));
    expect(failure).toMatchObject({ reason: "network", retryable: true });
    expect(seen).toHaveLength(1);
    expect(await fixture.store.stat("videos/job_plain.mp4")).toBeNull();
    // The job step's next attempt downloads it whole.
    expect((await rehoster().rehost("job_plain", output("/no-ranges.mp4"))).sha256).toBe(sha256(fixture.video));
  });

  it("never splices two different files: a source changed since the first bytes is downloaded again", async () => {
    breaksLeft.set("/changed.mp4", 1);
    const failure = await downloadFailure(rehoster().rehost("job_changed", output("/changed.mp4")));
    expect(failure).toMatchObject({ reason: "network", retryable: true });
    expect(seen.map((request) => request.ifRange)).toEqual([undefined, '"v1"']);
    expect(await fixture.store.stat("videos/job_changed.mp4")).toBeNull();
  });
});
