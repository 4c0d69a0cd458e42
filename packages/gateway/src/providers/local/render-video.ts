// mediabunny encodes through the WebCodecs globals; Node has none, the polyfill installs
// @napi-rs/webcodecs' (FFmpeg-backed) VideoEncoder/AudioEncoder/VideoFrame/AudioData.
import "@napi-rs/webcodecs/polyfill";
import {
  AudioSample,
  AudioSampleSource,
  FilePathTarget,
  Mp4OutputFormat,
  Output,
  QUALITY_HIGH,
  VideoSample,
  VideoSampleSource,
} from "mediabunny";
import type { RenderPlan } from "./api.ts";
import { AUDIO_CHANNELS, AUDIO_SAMPLE_RATE, chordSamples } from "./audio-tone.ts";
import { createFramePainter } from "./draw-frame.ts";
import { createImageFramePainter } from "./draw-image-frame.ts";

/** Optional callbacks of a render. */
export interface RenderHooks {
  /** Called after each frame is accepted by the encoder. */
  onProgress?(framesDone: number, frameCount: number): void;
  /** Checked before each frame; true stops the render and abandons the file. */
  shouldStop?(): boolean;
}

export type RenderOutcome = "done" | "cancelled";

/** A key frame every 2 s keeps seeking (and thumbnailing at any time) cheap. */
const KEY_FRAME_INTERVAL_SECONDS = 2;
const AUDIO_BITRATE = 128_000;

/**
 * Encodes the plan into an H.264 (+ AAC) MP4 at `targetPath`. Frames are timestamped
 * `index / fps`, so the video lasts exactly `frameCount / fps`. Audio is fed a frame's worth at a
 * time, interleaved with the video, so the muxer never has to buffer one track waiting for the
 * other. On `cancelled` or an error, the file at `targetPath` may be partial; the caller deletes it.
 */
export async function renderVideo(
  plan: RenderPlan,
  targetPath: string,
  hooks: RenderHooks = {},
): Promise<RenderOutcome> {
  const output = new Output({
    // Fast start puts the index first so browsers can play while downloading; the whole
    // file (a few MB) is kept in memory until `finalize`.
    format: new Mp4OutputFormat({ fastStart: "in-memory" }),
    target: new FilePathTarget(targetPath),
  });
  const video = new VideoSampleSource({
    codec: "avc",
    bitrate: QUALITY_HIGH,
    keyFrameInterval: KEY_FRAME_INTERVAL_SECONDS,
  });
  output.addVideoTrack(video, { frameRate: plan.fps });
  const audio = plan.audio ? new AudioSampleSource({ codec: "aac", bitrate: AUDIO_BITRATE }) : null;
  if (audio) output.addAudioTrack(audio);

  try {
    await output.start();
    const painter = plan.images ? await createImageFramePainter(plan, plan.images) : createFramePainter(plan);
    for (let index = 0; index < plan.frameCount; index += 1) {
      if (hooks.shouldStop?.()) {
        await output.cancel();
        return "cancelled";
      }
      const frame = new VideoSample(painter.paint(index), {
        format: "RGBA",
        codedWidth: plan.width,
        codedHeight: plan.height,
        timestamp: index / plan.fps,
        duration: 1 / plan.fps,
      });
      try {
        await video.add(frame);
      } finally {
        frame.close();
      }
      if (audio) await addAudioForFrame(audio, plan, index);
      hooks.onProgress?.(index + 1, plan.frameCount);
    }
    await output.finalize();
    return "done";
  } catch (error) {
    await output.cancel().catch(() => undefined);
    throw error;
  }
}

/** Adds the audio that plays during video frame `index`. */
async function addAudioForFrame(audio: AudioSampleSource, plan: RenderPlan, index: number): Promise<void> {
  const start = Math.round((index * AUDIO_SAMPLE_RATE) / plan.fps);
  const end = Math.round(((index + 1) * AUDIO_SAMPLE_RATE) / plan.fps);
  if (end <= start) return;
  const videoSeconds = plan.frameCount / plan.fps;
  const sample = new AudioSample({
    data: chordSamples(plan.chordHz, videoSeconds, start, end - start),
    format: "f32",
    numberOfChannels: AUDIO_CHANNELS,
    sampleRate: AUDIO_SAMPLE_RATE,
    timestamp: start / AUDIO_SAMPLE_RATE,
  });
  try {
    await audio.add(sample);
  } finally {
    sample.close();
  }
}
