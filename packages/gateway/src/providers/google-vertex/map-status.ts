import type { ProviderOutput } from "../../core/types.ts";
import { writeInlineVideo } from "../google/inline-video.ts";
import { finishedResult, pendingOrFailed, type VeoOperation } from "../google/veo-status.ts";
import { parseProviderResponse } from "../shared/parse-response.ts";
import type { PollResult } from "../provider.ts";
import { vertexResponseSchema } from "./api.ts";

export interface VertexOutputSettings {
  /** Where inline videos are written for the re-hoster. */
  outputDir: string;
  /** Cloud Storage's JSON API root, for `gcsUri` outputs. */
  storageBaseUrl: string;
  /** The bearer token of this poll, only for redaction: outputs never carry it. */
  token: string;
}

/** `gs://bucket/object` → the JSON API's media download of that object. */
export function gcsMediaUrl(storageBaseUrl: string, gcsUri: string): string | undefined {
  const match = /^gs:\/\/([^/]+)\/(.+)$/.exec(gcsUri);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return `${storageBaseUrl}/storage/v1/b/${encodeURIComponent(match[1])}/o/${encodeURIComponent(match[2])}?alt=media`;
}

/** Maps a Vertex operation to a poll result: running, failed, or its videos. */
export async function mapVertexOperation(operation: VeoOperation, settings: VertexOutputSettings): Promise<PollResult> {
  const early = pendingOrFailed(operation);
  if (early !== null) return early;
  const response = parseProviderResponse(vertexResponseSchema, operation.response ?? {}, "google-vertex", [
    settings.token,
  ]);
  const outputs: ProviderOutput[] = [];
  for (const [index, video] of (response.videos ?? []).entries()) {
    if (video.bytesBase64Encoded !== undefined && video.bytesBase64Encoded !== "") {
      // The whole MP4 came inline: it goes to a file, never onto the job row.
      const path = await writeInlineVideo(settings.outputDir, operation.name, index, video.bytesBase64Encoded);
      outputs.push({ kind: "video", source: { type: "file", path }, mediaType: video.mimeType ?? "video/mp4" });
      continue;
    }
    const url = video.gcsUri === undefined ? undefined : gcsMediaUrl(settings.storageBaseUrl, video.gcsUri);
    if (url !== undefined) {
      // unverified: read with the same OAuth token through the JSON API (§6), which
      // `authorizeDownload` adds. Reelay never sends `storageUri`, so this path is only reached if
      // Google writes to a bucket on its own.
      outputs.push({ kind: "video", source: { type: "url", url }, mediaType: video.mimeType ?? "video/mp4" });
    }
  }
  return finishedResult(outputs, response);
}
