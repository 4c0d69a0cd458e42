import { describe, expect, it } from "vitest";
import { videoSchema, type OpenAiVideo } from "./api.ts";
import { contentUrl, DEFAULT_POLL_AFTER_MS, EXPIRY_GRACE_MS, mapVideoStatus, pollAfterMsFrom } from "./map-status.ts";

const access = "https://upstream.example/v1";
const NOW_MS = 1_764_000_500_000;

/** The full object the spec describes (constructed, as in the reference's examples). */
function video(overrides: Partial<OpenAiVideo> = {}): OpenAiVideo {
  return videoSchema.parse({
    id: "video_6923c1f0a2b48190b1e0c4d7e9f20a5b00c3d1e2f4a5b6c7",
    object: "video",
    model: "sora-2",
    status: "queued",
    progress: 0,
    created_at: 1_764_000_000,
    completed_at: null,
    expires_at: null,
    prompt: "A kite",
    size: "720x1280",
    seconds: "4",
    remixed_from_video_id: null,
    error: null,
    ...overrides,
  });
}

describe("mapVideoStatus", () => {
  it("reports queued with the poll delay", () => {
    expect(mapVideoStatus(video(), access, NOW_MS, 2_000)).toEqual({ state: "queued", pollAfterMs: 2_000 });
    expect(mapVideoStatus(video(), access, NOW_MS)).toEqual({ state: "queued", pollAfterMs: DEFAULT_POLL_AFTER_MS });
  });

  it("reports in_progress as running with progress / 100, clamped", () => {
    expect(mapVideoStatus(video({ status: "in_progress", progress: 42 }), access, NOW_MS)).toEqual({
      state: "running",
      progress: 0.42,
      pollAfterMs: DEFAULT_POLL_AFTER_MS,
    });
    expect(mapVideoStatus(video({ status: "in_progress", progress: 140 }), access, NOW_MS)).toMatchObject({
      progress: 1,
    });
    expect(mapVideoStatus(video({ status: "in_progress", progress: null }), access, NOW_MS)).toEqual({
      state: "running",
      pollAfterMs: DEFAULT_POLL_AFTER_MS,
    });
  });

  it("keeps polling a status it does not know rather than failing a paid render", () => {
    expect(mapVideoStatus(video({ status: "rendering", progress: 10 }), access, NOW_MS)).toMatchObject({
      state: "running",
      progress: 0.1,
    });
  });

  it("points a completed video at its content and its thumbnail, without the key", () => {
    const completed = video({
      status: "completed",
      progress: 100,
      completed_at: 1_764_000_190,
      expires_at: 1_764_003_790,
    });
    expect(mapVideoStatus(completed, access, NOW_MS)).toEqual({
      state: "succeeded",
      outputs: [
        {
          kind: "video",
          source: { type: "url", url: `https://upstream.example/v1/videos/${completed.id}/content` },
          mediaType: "video/mp4",
        },
        {
          kind: "thumbnail",
          source: {
            type: "url",
            url: `https://upstream.example/v1/videos/${completed.id}/content?variant=thumbnail`,
          },
          mediaType: "image/webp",
        },
      ],
    });
  });

  it("calls a completed video whose assets are clearly gone output_expired, with a grace for clock skew", () => {
    const expiresAt = 1_764_000_000;
    const completed = video({
      status: "completed",
      progress: 100,
      completed_at: expiresAt - 3600,
      expires_at: expiresAt,
    });
    expect(mapVideoStatus(completed, access, expiresAt * 1000 + EXPIRY_GRACE_MS - 1).state).toBe("succeeded");
    expect(mapVideoStatus(completed, access, expiresAt * 1000 + EXPIRY_GRACE_MS)).toMatchObject({
      state: "failed",
      failure: { code: "output_expired" },
    });
    expect(mapVideoStatus(video({ status: "expired" }), access, NOW_MS)).toMatchObject({
      failure: { code: "output_expired" },
    });
  });

  it.each([["moderation_blocked"], ["content_policy_violation"], ["safety_violation"], ["input_moderation"]])(
    "maps a failure with code %s to content_filtered, keeping the message",
    (code) => {
      const failed = video({
        status: "failed",
        error: { code, message: "Your request was blocked by our moderation system." },
      });
      expect(mapVideoStatus(failed, access, NOW_MS)).toEqual({
        state: "failed",
        failure: { code: "content_filtered", message: "Your request was blocked by our moderation system." },
      });
    },
  );

  it("maps other failures to provider_error with the message and code", () => {
    const failed = video({ status: "failed", error: { code: "internal_error", message: "Rendering failed." } });
    expect(mapVideoStatus(failed, access, NOW_MS)).toEqual({
      state: "failed",
      failure: { code: "provider_error", message: "OpenAI failed the video: Rendering failed. (internal_error)" },
    });
    expect(mapVideoStatus(video({ status: "failed" }), access, NOW_MS)).toEqual({
      state: "failed",
      failure: { code: "provider_error", message: "OpenAI failed the video." },
    });
  });
});

describe("video schema", () => {
  it("tolerates OpenAI's own sparse examples and extra fields", () => {
    const parsed = videoSchema.parse({
      id: "video_1",
      object: "video",
      status: "queued",
      quality: "standard",
      seconds: 8,
    });
    expect(parsed).toMatchObject({ id: "video_1", status: "queued" });
    expect(videoSchema.safeParse({ status: "queued" }).success).toBe(false);
  });
});

describe("pollAfterMsFrom / contentUrl", () => {
  it("honours openai-poll-after-ms within bounds, else the guide's cadence", () => {
    expect(pollAfterMsFrom(new Headers({ "openai-poll-after-ms": "450" }))).toBe(450);
    expect(pollAfterMsFrom(new Headers({ "openai-poll-after-ms": "5" }))).toBe(100);
    expect(pollAfterMsFrom(new Headers({ "openai-poll-after-ms": "999999" }))).toBe(60_000);
    expect(pollAfterMsFrom(new Headers({ "openai-poll-after-ms": "soon" }))).toBe(DEFAULT_POLL_AFTER_MS);
    expect(pollAfterMsFrom(new Headers())).toBe(DEFAULT_POLL_AFTER_MS);
  });

  it("encodes the id into the path", () => {
    expect(contentUrl("https://x/v1", "video_a b", "thumbnail")).toBe(
      "https://x/v1/videos/video_a%20b/content?variant=thumbnail",
    );
  });
});
