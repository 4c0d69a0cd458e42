import { Readable } from "node:stream";
import type { JobRecord, StoredVideo } from "../core/types.ts";
import { makeSpritesheet, SPRITESHEET_MEDIA_TYPE, spritesheetKey } from "../media/make-spritesheet.ts";
import { mediaResponse } from "../media/media-response.ts";
import type { MediaStore } from "../media/media-store.ts";
import { withLocalFile } from "../media/with-local-file.ts";
import { OpenAiError } from "./openai-error.ts";
import { toVideoResource } from "./video-view.ts";

/** What `GET /v1/videos/{id}/content` serves, by `variant`. */
export const CONTENT_VARIANTS = ["video", "thumbnail", "spritesheet"] as const;
export type ContentVariant = (typeof CONTENT_VARIANTS)[number];

/** The spritesheet of a video, made from the stored video on first request and kept beside it. */
async function storedSpritesheet(video: StoredVideo, media: MediaStore): Promise<string> {
  const key = spritesheetKey(video);
  if ((await media.stat(key)) !== null) return key;
  const image = await withLocalFile(media, video.key, (path) => makeSpritesheet(path));
  await media.put(key, Readable.from([image]), { maxBytes: image.byteLength });
  return key;
}

/** The finished video of a job, or the error that says why there is none to download. */
function storedVideo(job: JobRecord): StoredVideo {
  if (job.videoPurgedAt !== null) {
    throw new OpenAiError(
      404,
      `The files of video ${job.id} were deleted on ${new Date(job.videoPurgedAt).toISOString()}, when their retention ended.`,
      { code: "video_expired" },
    );
  }
  if (job.status === "succeeded" && job.video !== null) return job.video;
  const { status, progress, error } = toVideoResource(job, null);
  if (error !== null) {
    throw new OpenAiError(404, `Video ${job.id} ${status} (${error.code}: ${error.message}); it has no content.`, {
      code: "video_failed",
    });
  }
  throw new OpenAiError(
    404,
    `Video is not ready yet: ${job.id} is ${status} (${progress}%); download it once its status is completed.`,
    { code: "video_not_ready" },
  );
}

/** Serves one variant of a job's video (Range and conditional requests included). */
export async function videoContent(
  request: Request,
  job: JobRecord,
  variant: ContentVariant,
  media: MediaStore,
): Promise<Response> {
  const video = storedVideo(job);
  const { key, mediaType } =
    variant === "video"
      ? { key: video.key, mediaType: video.mediaType }
      : variant === "thumbnail"
        ? { key: video.thumbnailKey, mediaType: video.thumbnailMediaType }
        : { key: await storedSpritesheet(video, media), mediaType: SPRITESHEET_MEDIA_TYPE };
  const response = await mediaResponse(request, media, key, mediaType);
  if (response === null) throw new OpenAiError(404, `The stored ${variant} of video ${job.id} is missing.`);
  return response;
}
