import type { ProviderOutput } from "../../core/types.ts";
import type { PollResult } from "../provider.ts";
import type { OpenAiVideo } from "./api.ts";

/** The guide says to poll every 10–20 s; renders take minutes. */
export const DEFAULT_POLL_AFTER_MS = 10_000;

/** Bounds on an upstream's `openai-poll-after-ms`, so a wild value neither floods nor stalls. */
const MIN_POLL_AFTER_MS = 100;
const MAX_POLL_AFTER_MS = 60_000;

/**
 * A completed video counts as expired only this long after `expires_at`: the upstream's clock
 * and ours may differ, and calling a paid video gone too early would lose it.
 */
export const EXPIRY_GRACE_MS = 5 * 60_000;

/**
 * `error.code` values are undocumented (unverified: `moderation_blocked` is a third party's
 * capture), so anything that reads like moderation counts as a content filter.
 */
const MODERATION_CODE = /moderation|content[_ ]?(policy|filter)|safety|blocked|policy_violation/i;

/** Where the content of a finished video is read from: it needs the same bearer key. */

/**
 * The poll delay an upstream suggested with `openai-poll-after-ms` (the Python client's poll
 * helper reads it; unverified whether the Videos API sends it), else the guide's cadence.
 */
export function pollAfterMsFrom(headers: Headers): number {
  const value = Number(headers.get("openai-poll-after-ms") ?? Number.NaN);
  if (!Number.isFinite(value) || value <= 0) return DEFAULT_POLL_AFTER_MS;
  return Math.min(MAX_POLL_AFTER_MS, Math.max(MIN_POLL_AFTER_MS, Math.round(value)));
}

/** The URL of one asset of a video; never public, it needs the bearer key. */
export function contentUrl(baseUrl: string, videoId: string, variant?: "thumbnail" | "spritesheet"): string {
  const url = `${baseUrl}/videos/${encodeURIComponent(videoId)}/content`;
  return variant === undefined ? url : `${url}?variant=${variant}`;
}

/** The video's assets. They need the key, which the adapter adds only at download time. */
function outputsOf(videoId: string, baseUrl: string): ProviderOutput[] {
  return [
    { kind: "video", source: { type: "url", url: contentUrl(baseUrl, videoId) }, mediaType: "video/mp4" },
    {
      kind: "thumbnail",
      source: { type: "url", url: contentUrl(baseUrl, videoId, "thumbnail") },
      mediaType: "image/webp",
    },
  ];
}

function failedResult(video: OpenAiVideo): PollResult {
  const code = video.error?.code ?? "";
  const detail = video.error?.message ?? "";
  if (MODERATION_CODE.test(code)) {
    return {
      state: "failed",
      failure: { code: "content_filtered", message: detail || `OpenAI's moderation blocked the video (${code}).` },
    };
  }
  const reason = [detail, code === "" ? "" : `(${code})`].filter(Boolean).join(" ");
  return {
    state: "failed",
    failure: { code: "provider_error", message: `OpenAI failed the video${reason ? `: ${reason}` : "."}` },
  };
}

/**
 * Turns a `video` object into a poll result. `nowMs` decides whether a completed video's assets
 * are still there (`expires_at`, about an hour after completion).
 */
export function mapVideoStatus(
  video: OpenAiVideo,
  /** Base URL without a trailing slash, e.g. `https://api.openai.com/v1`. */
  baseUrl: string,
  nowMs: number,
  pollAfterMs = DEFAULT_POLL_AFTER_MS,
): PollResult {
  switch (video.status) {
    case "queued":
      return { state: "queued", pollAfterMs };
    case "completed": {
      const expiresAt = video.expires_at;
      if (typeof expiresAt === "number" && expiresAt * 1000 + EXPIRY_GRACE_MS <= nowMs) {
        return {
          state: "failed",
          failure: {
            code: "output_expired",
            message: `OpenAI deleted the video's files at ${new Date(expiresAt * 1000).toISOString()}, before Reelay could download them.`,
          },
        };
      }
      return { state: "succeeded", outputs: outputsOf(video.id, baseUrl) };
    }
    case "failed":
      return failedResult(video);
    // Batch jobs' assets expire with this status (secondary source).
    case "expired":
      return { state: "failed", failure: { code: "output_expired", message: "OpenAI reports the video as expired." } };
    default: {
      // `in_progress`, and any status a compatible upstream adds: keep polling rather than fail a
      // paid render (DESIGN.md §5.4); the deadline bounds it.
      const progress = video.progress;
      if (typeof progress !== "number" || !Number.isFinite(progress)) return { state: "running", pollAfterMs };
      return { state: "running", progress: Math.min(1, Math.max(0, progress / 100)), pollAfterMs };
    }
  }
}
