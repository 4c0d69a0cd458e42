/**
 * The local provider's "wire": the task it persists on a job and the messages exchanged with
 * its render worker threads. Tasks are plain JSON (they go to the job store); messages are
 * structured-cloned across threads, except the stop flag, whose memory is shared.
 */
import type { NormalizedRequest } from "../../core/types.ts";

/** Opaque task state the local provider persists on a job. */
export interface LocalTask {
  /** Stable id of the render, derived from the job id; also the output file's base name. */
  renderId: string;
  /** Where the finished MP4 lives (informational: the provider recomputes it from `renderId`). */
  outputPath: string;
  /** The request, kept so a process that does not know the render can render it again. */
  request: NormalizedRequest;
  /**
   * The prepared input images' files, for the same reason: Reelay keeps prepared images in its
   * media store, so the paths stay valid as long as the job does. Absent for text-to-video.
   */
  images?: RenderImagePaths;
}

/** Files of an image-to-video render's inputs: paths, never pixels (the worker decodes them). */
export interface RenderImagePaths {
  /** The first frame: the video opens on exactly this image. */
  image: string;
  /** The last frame, when given: the video ends on exactly this image. */
  lastFrame?: string;
}

/** Image-to-video: a slow pan/zoom (Ken Burns) over the input image(s), with the prompt as a caption. */
export interface ImageMotionPlan {
  /** The first frame's file. */
  imagePath: string;
  /** The last frame's file, cross-faded in over the second half; null without one. */
  lastFramePath: string | null;
  /** Zoom reached by the first image at the end (1.15 = 15 % closer), derived from the seed. */
  endZoom: number;
  /**
   * Drift direction (a unit vector, derived from the seed) as a share of the room the zoom
   * frees: the view slides that way while it closes in.
   */
  panX: number;
  panY: number;
}

/** Colors of one render, as CSS color strings. */
export interface RenderPalette {
  /** Start of the background gradient. */
  backgroundFrom: string;
  /** End of the background gradient. */
  backgroundTo: string;
  /** Moving orbs, the progress bar and the model label. */
  accent: string;
  /** Card fill (translucent). */
  card: string;
  /** Main text. */
  text: string;
  /** Secondary text. */
  mutedText: string;
}

/** Everything a worker needs to render one video; derived from the request, deterministic. */
export interface RenderPlan {
  /** Frame width in pixels (even). */
  width: number;
  /** Frame height in pixels (even). */
  height: number;
  /** Frames per second. */
  fps: number;
  /** Number of video frames; `frameCount / fps` is the duration. */
  frameCount: number;
  /** Requested duration. */
  durationSeconds: number;
  /** Prompt shown on the card. */
  prompt: string;
  /** Negative prompt shown on the card, when given. */
  negativePrompt: string | null;
  /** Model id shown on the card. */
  model: string;
  /** The request's seed, or one derived from the request when it had none. */
  seed: number;
  /** Colors derived from the seed. */
  palette: RenderPalette;
  /** Phases (radians) of the moving orbs, derived from the seed. */
  orbPhases: number[];
  /** Whether an AAC soundtrack is added. */
  audio: boolean;
  /** Chord frequencies of the soundtrack in hertz, derived from the seed. */
  chordHz: number[];
  /** Image-to-video; null renders the animated text card. */
  images: ImageMotionPlan | null;
}

/** Main thread → worker: render `plan` into `tempPath`. */
export interface RenderCommand {
  type: "render";
  renderId: string;
  plan: RenderPlan;
  /** The file the worker writes; the main thread renames it when the render is done. */
  tempPath: string;
  /**
   * One Int32 over a SharedArrayBuffer; the main thread stores `STOP_REQUESTED` in it to cancel.
   * A message would not do: the encode loop never yields to the worker's event loop, so a
   * `cancel` message would only be read after the last frame.
   */
  stopFlag: Int32Array;
}

/** Value of `RenderCommand.stopFlag[0]` once a cancel was requested. */
export const STOP_REQUESTED = 1;

export type ToWorkerMessage = RenderCommand;

/** Worker → main thread: frames encoded so far. */
export interface ProgressMessage {
  type: "progress";
  renderId: string;
  framesDone: number;
  frameCount: number;
}

/** Worker → main thread: the temp file is complete. */
export interface DoneMessage {
  type: "done";
  renderId: string;
}

/** Worker → main thread: the render threw. */
export interface FailedMessage {
  type: "failed";
  renderId: string;
  message: string;
}

/** Worker → main thread: the render stopped on request; the temp file may be partial. */
export interface CancelledMessage {
  type: "cancelled";
  renderId: string;
}

export type FromWorkerMessage = ProgressMessage | DoneMessage | FailedMessage | CancelledMessage;
