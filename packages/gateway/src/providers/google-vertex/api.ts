/**
 * Vertex AI's Veo wire: the task the adapter persists and lenient schemas of its answers
 * (shared/providers/google-veo.md §1.4, §4–§6). The request body is shared with the Gemini API:
 * ../google/veo-request.ts.
 */
import { z } from "zod";
import { raiFieldsSchema } from "../google/veo-status.ts";

/** What the adapter persists on a job. */
export interface VertexTask {
  /**
   * The operation's full name,
   * `projects/{p}/locations/{l}/publishers/google/models/{m}/operations/{uuid}`.
   */
  operationName: string;
}

const SEGMENT = "[A-Za-z0-9._-]+";

/** Names are used to build the poll URL, so only the documented shape is accepted. */
export const VERTEX_OPERATION_NAME = new RegExp(
  `^projects/${SEGMENT}/locations/${SEGMENT}/publishers/google/models/${SEGMENT}/operations/[A-Za-z0-9_-]+$`,
);

/** The model resource an operation belongs to: its poll goes to `{base}/{resource}:fetchPredictOperation` (§5). */
export function modelResourceOf(operationName: string): string {
  return operationName.split("/operations/")[0] ?? operationName;
}

/** Answer of `POST …:predictLongRunning`: only `name` is guaranteed. */
export const vertexCreateResponseSchema = z.object({
  name: z.string().regex(VERTEX_OPERATION_NAME, "not a Vertex operation name"),
});

/** One video: inline bytes (no `storageUri` given) or an object in the caller's bucket. */
const vertexVideoSchema = z.object({
  bytesBase64Encoded: z.string().optional(),
  gcsUri: z.string().optional(),
  mimeType: z.string().optional(),
});

/** `response` of a finished operation; the content-filter fields sit directly in it (§10.3). */
export const vertexResponseSchema = raiFieldsSchema.extend({
  videos: z.array(vertexVideoSchema).optional(),
});

export type VertexResponse = z.infer<typeof vertexResponseSchema>;
