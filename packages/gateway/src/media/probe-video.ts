import { stat } from "node:fs/promises";
import { ALL_FORMATS, FilePathSource, Input, MP4, WEBM, type InputVideoTrack } from "mediabunny";

/** What probing a stored video found. */
export interface VideoProbe {
  /** End of the longest track, in seconds (what a player shows). */
  durationSeconds: number;
  /** Display width in pixels, after pixel aspect ratio and rotation. */
  width: number;
  /** Display height in pixels, after pixel aspect ratio and rotation. */
  height: number;
  /** RFC 6381 codec string of the video track (e.g. `avc1.64001f`), or null when unknown. */
  codec: string | null;
  hasAudio: boolean;
  mediaType: "video/mp4" | "video/webm";
}

/** A file that is not a playable video: unknown container, no video track, zero duration, undecodable. */
export class InvalidMediaError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "InvalidMediaError";
  }
}

/**
 * Opens a local video file with mediabunny and calls `use` with its primary video track. Only the
 * container is parsed here (no decoder needed); errors from parsing become `InvalidMediaError`,
 * while I/O errors (missing file, permissions) are thrown as they are.
 */
export async function withVideoInput<T>(
  path: string,
  use: (input: Input, track: InputVideoTrack, mediaType: VideoProbe["mediaType"]) => Promise<T>,
): Promise<T> {
  const info = await stat(path);
  if (!info.isFile() || info.size === 0) throw new InvalidMediaError("The file is empty or not a regular file.");
  const input = new Input({ source: new FilePathSource(path), formats: ALL_FORMATS });
  try {
    let format;
    try {
      format = (await input.canRead()) ? await input.getFormat() : null;
    } catch (error) {
      throw new InvalidMediaError("The file could not be parsed as a media container.", { cause: error });
    }
    if (format === null) throw new InvalidMediaError("The file is not in a known media format.");
    const mediaType = format === MP4 ? "video/mp4" : format === WEBM ? "video/webm" : null;
    if (mediaType === null)
      throw new InvalidMediaError(`${format.name} files are not accepted; only MP4 and WebM are.`);
    let track;
    try {
      track = await input.getPrimaryVideoTrack();
    } catch (error) {
      throw new InvalidMediaError("The file's tracks could not be read.", { cause: error });
    }
    if (track === null) throw new InvalidMediaError("The file has no video track.");
    return await use(input, track, mediaType);
  } finally {
    input.dispose();
  }
}

/** Reads duration, size, codec and audio presence of a local MP4 or WebM file. */
export async function probeVideo(path: string): Promise<VideoProbe> {
  return withVideoInput(path, async (input, track, mediaType) => {
    try {
      const videoDurationSeconds = await track.computeDuration();
      if (!(videoDurationSeconds > 0)) throw new InvalidMediaError("The video track is empty (zero duration).");
      const durationSeconds = await input.computeDuration();
      const width = track.displayWidth;
      const height = track.displayHeight;
      if (!(width > 0 && height > 0)) throw new InvalidMediaError("The video track has no picture size.");
      const codec = await track.getCodecParameterString();
      const hasAudio = (await input.getAudioTracks()).length > 0;
      return { durationSeconds, width, height, codec, hasAudio, mediaType };
    } catch (error) {
      if (error instanceof InvalidMediaError) throw error;
      throw new InvalidMediaError("The video could not be read.", { cause: error });
    }
  });
}
