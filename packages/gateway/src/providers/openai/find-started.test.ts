import { describe, expect, it } from "vitest";
import type { OpenAiVideoList } from "./api.ts";
import { findStartedVideos } from "./find-started.ts";

const fields = { model: "sora-2", prompt: "a heron", size: "1280x720", seconds: "4" };
const video = (id: string, createdAtSeconds: number, overrides: Record<string, unknown> = {}) => ({
  id,
  status: "queued",
  model: "sora-2",
  prompt: "a heron",
  size: "1280x720",
  seconds: "4",
  created_at: createdAtSeconds,
  ...overrides,
});

describe("findStartedVideos", () => {
  it("matches model, prompt, size and length, and stops at the first video older than the create", async () => {
    const pages: OpenAiVideoList[] = [
      {
        data: [video("video_new", 200), video("video_other_prompt", 199, { prompt: "a crane" })],
        has_more: true,
        last_id: "video_other_prompt",
      },
      {
        data: [video("video_other_size", 198, { size: "720x1280" }), video("video_match", 150), video("video_old", 90)],
        has_more: true,
        last_id: "video_old",
      },
    ];
    const asked: Array<string | null> = [];
    const found = await findStartedVideos(
      async (after) => {
        asked.push(after);
        return pages[asked.length - 1] ?? { data: [], has_more: false };
      },
      fields,
      100_000,
    );
    expect(found.map((task) => task.videoId)).toEqual(["video_new", "video_match"]);
    expect(asked).toEqual([null, "video_other_prompt"]);
  });

  it("ends on a repeated cursor and on has_more false", async () => {
    let calls = 0;
    const repeating = async () => {
      calls++;
      return { data: [video("video_a", 500)], has_more: true, last_id: "video_a" };
    };
    expect((await findStartedVideos(repeating, fields, 0)).map((task) => task.videoId)).toEqual(["video_a"]);
    expect(calls).toBe(2);
    const single = async () => ({ data: [video("video_b", 500)], has_more: false });
    expect((await findStartedVideos(single, fields, 0)).map((task) => task.videoId)).toEqual(["video_b"]);
  });
});
