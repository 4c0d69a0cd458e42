import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BufferTarget, Mp4OutputFormat, Output, AudioSample, AudioSampleSource } from "mediabunny";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidMediaError, probeVideo } from "./probe-video.ts";
import { makeSyntheticVideo, writeSyntheticVideo } from "./synthetic-video.ts";

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "reelay-probe-"));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("probeVideo", () => {
  it("reads duration, size, codec and audio of an H.264 MP4", async () => {
    const path = join(directory, "plain.mp4");
    await writeSyntheticVideo(path, { width: 320, height: 180, durationSeconds: 1.5 });
    const probe = await probeVideo(path);
    expect(probe.durationSeconds).toBeCloseTo(1.5, 1);
    expect(Math.abs(probe.durationSeconds - 1.5)).toBeLessThanOrEqual(0.05);
    expect(probe).toMatchObject({ width: 320, height: 180, hasAudio: false, mediaType: "video/mp4" });
    expect(probe.codec).toMatch(/^avc1\.[0-9a-f]{6}$/i);
  });

  it("sees an audio track", async () => {
    const path = join(directory, "audio.mp4");
    await writeSyntheticVideo(path, { width: 160, height: 90, durationSeconds: 1, audio: true });
    const probe = await probeVideo(path);
    expect(probe.hasAudio).toBe(true);
    expect(Math.abs(probe.durationSeconds - 1)).toBeLessThanOrEqual(0.05);
  });

  it("reports the displayed size of a rotated video", async () => {
    const path = join(directory, "rotated.mp4");
    await writeSyntheticVideo(path, { width: 320, height: 180, durationSeconds: 0.5, rotation: 90 });
    expect(await probeVideo(path)).toMatchObject({ width: 180, height: 320 });
  });

  it("rejects a text file with InvalidMediaError", async () => {
    const path = join(directory, "notes.mp4");
    await writeFile(path, "this is not a video\n".repeat(100));
    await expect(probeVideo(path)).rejects.toBeInstanceOf(InvalidMediaError);
  });

  it("rejects an empty file and a truncated MP4", async () => {
    const empty = join(directory, "empty.mp4");
    await writeFile(empty, "");
    await expect(probeVideo(empty)).rejects.toBeInstanceOf(InvalidMediaError);
    const truncated = join(directory, "truncated.mp4");
    const bytes = await makeSyntheticVideo({ durationSeconds: 0.5 });
    await writeFile(truncated, bytes.subarray(0, 64));
    await expect(probeVideo(truncated)).rejects.toBeInstanceOf(InvalidMediaError);
  });

  it("rejects an MP4 without a video track", async () => {
    const output = new Output({ format: new Mp4OutputFormat(), target: new BufferTarget() });
    const audio = new AudioSampleSource({ codec: "aac", bitrate: 64_000 });
    output.addAudioTrack(audio);
    await output.start();
    const sample = new AudioSample({
      data: new Float32Array(48_000),
      format: "f32",
      numberOfChannels: 1,
      sampleRate: 48_000,
      timestamp: 0,
    });
    await audio.add(sample);
    sample.close();
    await output.finalize();
    const path = join(directory, "audio-only.mp4");
    await writeFile(path, new Uint8Array(output.target.buffer ?? new ArrayBuffer(0)));
    await expect(probeVideo(path)).rejects.toThrow(/no video track/);
  });

  it("throws the I/O error, not InvalidMediaError, for a missing file", async () => {
    const attempt = probeVideo(join(directory, "missing.mp4"));
    await expect(attempt).rejects.toMatchObject({ code: "ENOENT" });
    await expect(attempt).rejects.not.toBeInstanceOf(InvalidMediaError);
  });
});
