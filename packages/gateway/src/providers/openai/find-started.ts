import type { CreateVideoFields, OpenAiTask, OpenAiVideoList } from "./api.ts";
import { parseOpenAiTask } from "./api.ts";

/** Pages of 100 read at most: a lost create is looked for among the newest videos only. */
const MAX_PAGES = 5;

/** Reads one page of the account's videos, newest first, after the video `after`. */
export type ListVideos = (after: string | null) => Promise<OpenAiVideoList>;

/**
 * The videos a create of unknown outcome may have started (DESIGN.md §5.1): same model, prompt,
 * size and length, created at or after `sinceMs`. OpenAI's list is the only lookup it offers; the
 * caller decides what a match means.
 */
export async function findStartedVideos(
  listVideos: ListVideos,
  fields: CreateVideoFields,
  sinceMs: number,
): Promise<OpenAiTask[]> {
  const found: OpenAiTask[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const list = await listVideos(after);
    for (const video of list.data) {
      // Newest first: once one is older than the create, so is everything after it.
      if (typeof video.created_at === "number" && video.created_at * 1000 < sinceMs) return found;
      const same =
        video.model === fields.model &&
        video.prompt === fields.prompt &&
        video.size === fields.size &&
        String(video.seconds) === fields.seconds;
      const task = same ? parseOpenAiTask({ videoId: video.id, model: video.model }) : null;
      // A page that repeats itself must not make one video look like two.
      if (task !== null && !found.some((known) => known.videoId === task.videoId)) found.push(task);
    }
    const last = list.last_id ?? list.data.at(-1)?.id ?? null;
    // A repeated cursor would loop forever (openai-sora.md, list quirk).
    if (list.has_more === false || list.data.length === 0 || last === null || last === after) return found;
    after = last;
  }
  return found;
}
