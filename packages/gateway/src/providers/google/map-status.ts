import type { ProviderOutput } from "../../core/types.ts";
import { parseProviderResponse } from "../shared/parse-response.ts";
import type { PollResult } from "../provider.ts";
import { geminiFileId, geminiResponseSchema } from "./api.ts";
import { writeInlineVideo } from "./inline-video.ts";
import { geminiDownloadUrl } from "./map-request.ts";
import { finishedResult, pendingOrFailed, type VeoOperation } from "./veo-status.ts";

export interface GeminiOutputSettings {
  /** The adapter's base URL: downloads go through it, so the key goes nowhere else. */
  baseUrl: string;
  /** Only for redaction: outputs never carry the key (`authorizeDownload` adds it). */
  apiKey: string;
  /** Where inline samples (`encodedVideo`) are written. */
  outputDir: string;
}

async function outputOf(
  sample: { uri?: string | undefined; encodedVideo?: string | undefined },
  index: number,
  operationName: string,
  settings: GeminiOutputSettings,
): Promise<ProviderOutput | null> {
  if (sample.uri !== undefined && sample.uri !== "") {
    const fileId = geminiFileId(sample.uri);
    // unverified: a URI that is not a Gemini file was never observed; it is fetched as given, and
    // never with the key, which must reach only the configured base.
    if (fileId === undefined) {
      return { kind: "video", source: { type: "url", url: sample.uri }, mediaType: "video/mp4" };
    }
    // Persisted on the job, so without the key: `authorizeDownload` adds it just before the download.
    return {
      kind: "video",
      source: { type: "url", url: geminiDownloadUrl(settings.baseUrl, fileId) },
      mediaType: "video/mp4",
    };
  }
  if (sample.encodedVideo !== undefined && sample.encodedVideo !== "") {
    const path = await writeInlineVideo(settings.outputDir, operationName, index, sample.encodedVideo);
    return { kind: "video", source: { type: "file", path }, mediaType: "video/mp4" };
  }
  return null;
}

/** Maps a Gemini operation to a poll result: running, failed, or its videos. */
export async function mapGeminiOperation(operation: VeoOperation, settings: GeminiOutputSettings): Promise<PollResult> {
  const early = pendingOrFailed(operation);
  if (early !== null) return early;
  const response = parseProviderResponse(geminiResponseSchema, operation.response ?? {}, "google", [settings.apiKey]);
  const result = response.generateVideoResponse ?? {};
  const outputs: ProviderOutput[] = [];
  for (const [index, sample] of (result.generatedSamples ?? []).entries()) {
    const output = sample.video === undefined ? null : await outputOf(sample.video, index, operation.name, settings);
    if (output !== null) outputs.push(output);
  }
  return finishedResult(outputs, result);
}
