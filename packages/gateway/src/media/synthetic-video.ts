import "@napi-rs/webcodecs/polyfill";
import { writeFile } from "node:fs/promises";
import {
  AudioSample,
  AudioSampleSource,
  BufferTarget,
  EncodedPacket,
  EncodedVideoPacketSource,
  Mp4OutputFormat,
  Output,
  QUALITY_LOW,
  VideoSample,
  VideoSampleSource,
  type Rotation,
} from "mediabunny";

/** A synthetic video (tests, and the provider fakes' outputs); every field has a small default. */
export interface SyntheticVideoOptions {
  /** Defaults to 320. */
  width?: number;
  /** Defaults to 180. */
  height?: number;
  /** Defaults to 1.5. */
  durationSeconds?: number;
  /** Defaults to 30. */
  frameRate?: number;
  /** Adds a stereo AAC sine tone. Defaults to false. */
  audio?: boolean;
  /** Rotation metadata written into the track (the pixels stay unrotated). Defaults to 0. */
  rotation?: Rotation;
}

/**
 * The background colour of the frame shown at `timeSeconds`: red ramps up over time so a test can
 * tell which frame a thumbnail came from. A small white square also moves across each frame.
 */
export function syntheticVideoColorAt(timeSeconds: number, durationSeconds: number): [number, number, number] {
  return [Math.round((200 * timeSeconds) / durationSeconds), 60, 160];
}

/** Encodes a real H.264 (+ optional AAC) MP4 in memory with mediabunny. Takes ~100 ms for the default. */
export async function makeSyntheticVideo(options: SyntheticVideoOptions = {}): Promise<Uint8Array> {
  const { width = 320, height = 180, durationSeconds = 1.5, frameRate = 30, audio = false, rotation = 0 } = options;
  const output = new Output({ format: new Mp4OutputFormat(), target: new BufferTarget() });
  const videoSource = new VideoSampleSource({ codec: "avc", quality: QUALITY_LOW });
  output.addVideoTrack(videoSource, { frameRate, rotation });
  const audioSource = audio ? new AudioSampleSource({ codec: "aac", bitrate: 64_000 }) : null;
  if (audioSource !== null) output.addAudioTrack(audioSource);
  await output.start();

  const frameCount = Math.round(durationSeconds * frameRate);
  const pixels = new Uint8Array(width * height * 4);
  const square = Math.max(4, Math.round(Math.min(width, height) / 12));
  for (let frame = 0; frame < frameCount; frame++) {
    const timestamp = frame / frameRate;
    const [red, green, blue] = syntheticVideoColorAt(timestamp, durationSeconds);
    const squareX = Math.round(((width - square) * frame) / Math.max(1, frameCount - 1));
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const offset = (y * width + x) * 4;
        const inSquare = x >= squareX && x < squareX + square && y >= square && y < 2 * square;
        pixels[offset] = inSquare ? 255 : red;
        pixels[offset + 1] = inSquare ? 255 : green;
        pixels[offset + 2] = inSquare ? 255 : blue;
        pixels[offset + 3] = 255;
      }
    }
    const sample = new VideoSample(pixels, {
      format: "RGBA",
      codedWidth: width,
      codedHeight: height,
      timestamp,
      duration: 1 / frameRate,
    });
    await videoSource.add(sample);
    sample.close();
  }

  if (audioSource !== null) {
    const sampleRate = 48_000;
    const frames = Math.round(sampleRate * durationSeconds);
    const interleaved = new Float32Array(frames * 2);
    for (let index = 0; index < frames; index++) {
      const value = 0.2 * Math.sin((2 * Math.PI * 440 * index) / sampleRate);
      interleaved[2 * index] = value;
      interleaved[2 * index + 1] = value;
    }
    const sample = new AudioSample({ data: interleaved, format: "f32", numberOfChannels: 2, sampleRate, timestamp: 0 });
    await audioSource.add(sample);
    sample.close();
  }

  await output.finalize();
  const buffer = output.target.buffer;
  if (buffer === null) throw new Error("mediabunny produced no output");
  return new Uint8Array(buffer);
}

/** `makeSyntheticVideo` written to `path`. */
export async function writeSyntheticVideo(path: string, options: SyntheticVideoOptions = {}): Promise<void> {
  await writeFile(path, await makeSyntheticVideo(options));
}

/**
 * A well-formed MP4 whose VP9 track holds garbage packets: it probes fine (1 s, 320×180) but no
 * frame can be decoded — for testing what happens when decoding fails.
 */
export async function makeUndecodableVideo(): Promise<Uint8Array> {
  const output = new Output({ format: new Mp4OutputFormat(), target: new BufferTarget() });
  const source = new EncodedVideoPacketSource("vp9");
  output.addVideoTrack(source, { frameRate: 10 });
  await output.start();
  for (let index = 0; index < 10; index++) {
    const data = new Uint8Array(200).map((_, offset) => (offset * 37 + index * 11) % 256);
    const packet = new EncodedPacket(data, index === 0 ? "key" : "delta", index / 10, 0.1);
    const meta =
      index === 0 ? { decoderConfig: { codec: "vp09.00.10.08", codedWidth: 320, codedHeight: 180 } } : undefined;
    await source.add(packet, meta);
  }
  await output.finalize();
  const buffer = output.target.buffer;
  if (buffer === null) throw new Error("mediabunny produced no output");
  return new Uint8Array(buffer);
}
