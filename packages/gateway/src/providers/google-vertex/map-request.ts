import type { NormalizedRequest } from "../../core/types.ts";
import { buildVeoBody, type VeoRequestBody } from "../google/veo-request.ts";
import type { ProviderContext } from "../provider.ts";

/** Vertex's REST root for a location; `global` has no regional prefix (§1.4). */
export function vertexDefaultBaseUrl(location: string): string {
  return location === "global"
    ? "https://aiplatform.googleapis.com/v1"
    : `https://${location}-aiplatform.googleapis.com/v1`;
}

/** `POST {base}/projects/{p}/locations/{l}/publishers/google/models/{m}:predictLongRunning`. */
export function vertexCreateUrl(baseUrl: string, project: string, location: string, vendorModelId: string): string {
  const model = `projects/${encodeURIComponent(project)}/locations/${encodeURIComponent(location)}/publishers/google/models/${encodeURIComponent(vendorModelId)}`;
  return `${baseUrl}/${model}:predictLongRunning`;
}

/** `POST {base}/{model resource}:fetchPredictOperation`, the model being the operation's own (§5). */
export function vertexPollUrl(baseUrl: string, modelResource: string): string {
  return `${baseUrl}/${modelResource}:fetchPredictOperation`;
}

/** The create body for Vertex: `seed` and (Veo 3.x) `generateAudio` are sent here. */
export function mapVertexRequest(request: NormalizedRequest, context: ProviderContext): Promise<VeoRequestBody> {
  return buildVeoBody(request, context.images, context.spec, "vertex");
}
