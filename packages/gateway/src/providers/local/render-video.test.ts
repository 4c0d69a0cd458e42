import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planRender } from "./map-request.ts";
import { renderVideo } from "./render-video.ts";
import { decodeFrame, localRequest, packetDigest, probe } from "./test-support/fixtures.ts";

let directory = "";
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "reelay-render-video-"));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function render(name: string, overrides: Parameters<typeof localRequest>[0] = {}): Promise<string> {
  const path = join(directory, `${name}.mp4`);
  const outcome = await renderVideo(planRender(localRequest(overrides)), path);
  expect(outcome).toBe("done");
  return path;
}

describe("renderVideo", () => {
  it("writes an H.264 MP4 of the requested duration and size", async () => {
    const path = await render("plain");
    const result = await probe(path);
    expect(result.videoCodec).toBe("avc");
    expect(result.codecString).toMatch(/^avc1\./);
    expect(result.width).toBe(640);
    expect(result.height).toBe(360);
    expect(Math.abs(result.durationSeconds - 2)).toBeLessThanOrEqual(0.1);
    expect(result.audioCodec).toBeNull();
  });

  it("renders portrait frames the right way up", async () => {
    const result = await probe(await render("portrait", { aspectRatio: "9:16", durationSeconds: 1 }));
    expect([result.width, result.height]).toEqual([360, 640]);
    expect(Math.abs(result.durationSeconds - 1)).toBeLessThanOrEqual(0.1);
  });

  it("adds an AAC track of the same duration when audio is asked for", async () => {
    const result = await probe(await render("audio", { audio: true, durationSeconds: 3 }));
    expect(result.audioCodec).toBe("aac");
    expect(Math.abs((result.audioDurationSeconds ?? 0) - 3)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(result.durationSeconds - 3)).toBeLessThanOrEqual(0.1);
  });

  it("is deterministic: the same seed gives the same packets and pixels, another seed others", async () => {
    const first = await render("seed-a", { seed: 5, audio: true });
    const again = await render("seed-a-again", { seed: 5, audio: true });
    const other = await render("seed-b", { seed: 6, audio: true });
    expect(await packetDigest(again)).toBe(await packetDigest(first));
    expect(await packetDigest(other)).not.toBe(await packetDigest(first));
    const firstFrame = Buffer.from(await decodeFrame(first, 1));
    expect(Buffer.from(await decodeFrame(again, 1)).equals(firstFrame)).toBe(true);
    expect(Buffer.from(await decodeFrame(other, 1)).equals(firstFrame)).toBe(false);
  });

  it("reports progress frame by frame and stops when asked", async () => {
    const plan = planRender(localRequest({ durationSeconds: 2 }));
    const seen: number[] = [];
    const outcome = await renderVideo(plan, join(directory, "stopped.mp4"), {
      onProgress: (framesDone) => seen.push(framesDone),
      shouldStop: () => seen.length >= 10,
    });
    expect(outcome).toBe("cancelled");
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
