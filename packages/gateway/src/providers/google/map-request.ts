import type { NormalizedRequest } from "../../core/types.ts";
import type { ProviderContext } from "../provider.ts";
import { buildVeoBody, type VeoRequestBody } from "./veo-request.ts";

/** Google's SDK defaults to `v1beta`; the Veo paths below are relative to it. */
export const GEMINI_DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";

/** `POST {base}/models/{model}:predictLongRunning` — the create. */
export function geminiCreateUrl(baseUrl: string, vendorModelId: string): string {
  return `${baseUrl}/models/${encodeURIComponent(vendorModelId)}:predictLongRunning`;
}

/** `GET {base}/{operation name}` — the poll; the name is validated before it gets here. */
export function geminiOperationUrl(baseUrl: string, operationName: string): string {
  return `${baseUrl}/${operationName}`;
}

/** The download of a generated file, on the configured base (which answers 302 to storage). */
export function geminiDownloadUrl(baseUrl: string, fileId: string): string {
  return `${baseUrl}/files/${fileId}:download?alt=media`;
}

/** The create body for the Gemini API: no `seed`, no `generateAudio` (Veo 3 always has sound here). */
export function mapGeminiRequest(request: NormalizedRequest, context: ProviderContext): Promise<VeoRequestBody> {
  return buildVeoBody(request, context.images, context.spec, "gemini");
}
