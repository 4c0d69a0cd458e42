import "@napi-rs/webcodecs/polyfill";
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { ALL_FORMATS, EncodedPacketSink, FilePathSource, Input, VideoSampleSink } from "mediabunny";
import { systemClock } from "../../../core/clock.ts";
import type { NormalizedRequest, ProviderTask } from "../../../core/types.ts";
import type { PollResult, ProviderAdapter, ProviderContext } from "../../provider.ts";
import { localModels } from "../models.ts";

/** A valid local/preview request; override what a test cares about. */
export function localRequest(overrides: Partial<NormalizedRequest> = {}): NormalizedRequest {
  return {
    model: "local/preview",
    prompt: "A paper boat drifting down a rainy street, neon reflections",
    durationSeconds: 2,
    aspectRatio: "16:9",
    resolution: "360p",
    seed: 7,
    audio: false,
    providerOptions: {},
    metadata: {},
    ...overrides,
  };
}

export function localContext(jobId: string, images: ProviderContext["images"] = {}): ProviderContext {
  const spec = localModels[0];
  if (!spec) throw new Error("local/preview spec missing");
  return { jobId, spec, clock: systemClock, fetch, images, signal: new AbortController().signal, callbackUrl: null };
}

/** Polls every 20 ms until a terminal state, returning every answer seen. */
export async function pollUntilDone(
  provider: ProviderAdapter,
  task: ProviderTask,
  jobId: string,
): Promise<PollResult[]> {
  const results: PollResult[] = [];
  for (let attempt = 0; attempt < 3000; attempt += 1) {
    const result = await provider.poll(task, localContext(jobId));
    results.push(result);
    if (result.state !== "queued" && result.state !== "running") return results;
    await sleep(20);
  }
  throw new Error("render did not finish");
}

/** What the media team's probe would see: container duration, tracks, size. */
export interface ProbeResult {
  durationSeconds: number;
  videoCodec: string | null;
  codecString: string | null;
  width: number;
  height: number;
  audioCodec: string | null;
  audioDurationSeconds: number | null;
}

export async function probe(path: string): Promise<ProbeResult> {
  const input = new Input({ formats: ALL_FORMATS, source: new FilePathSource(path) });
  try {
    const video = await input.getPrimaryVideoTrack();
    const audio = await input.getPrimaryAudioTrack();
    return {
      durationSeconds: await input.computeDuration(),
      videoCodec: video?.codec ?? null,
      codecString: video ? await video.getCodecParameterString() : null,
      width: video?.displayWidth ?? 0,
      height: video?.displayHeight ?? 0,
      audioCodec: audio?.codec ?? null,
      audioDurationSeconds: audio ? await audio.computeDuration() : null,
    };
  } finally {
    input.dispose();
  }
}

/** Decodes the frame shown at `seconds` and returns its RGBA pixels. */
export async function decodeFrame(path: string, seconds: number): Promise<Uint8Array> {
  const input = new Input({ formats: ALL_FORMATS, source: new FilePathSource(path) });
  try {
    const track = await input.getPrimaryVideoTrack();
    if (!track) throw new Error("no video track");
    const sample = await new VideoSampleSink(track).getSample(seconds);
    if (!sample) throw new Error(`no frame at ${seconds} s`);
    try {
      const pixels = new Uint8Array(sample.allocationSize({ format: "RGBA" }));
      await sample.copyTo(pixels, { format: "RGBA" });
      return pixels;
    } finally {
      sample.close();
    }
  } finally {
    input.dispose();
  }
}

/**
 * A digest of every encoded packet (track, timestamp, bytes) in decode order. MP4 bytes are not
 * comparable across renders: mediabunny stamps the wall-clock creation time into the movie
 * header, and with two tracks the order of chunks in `mdat` follows the encoders' timing.
 */
export async function packetDigest(path: string): Promise<string> {
  const input = new Input({ formats: ALL_FORMATS, source: new FilePathSource(path) });
  try {
    const hash = createHash("sha256");
    for (const track of await input.getTracks()) {
      hash.update(`${track.type}:${track.codec}\n`);
      for await (const packet of new EncodedPacketSink(track).packets()) {
        hash.update(`${packet.timestamp}:${packet.duration}:${packet.type}:`);
        hash.update(packet.data);
      }
    }
    return hash.digest("hex");
  } finally {
    input.dispose();
  }
}
