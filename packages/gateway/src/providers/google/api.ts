/**
 * The Gemini API's Veo wire: the task the adapter persists and lenient schemas of its answers
 * (shared/providers/google-veo.md §4–§6). The request body is shared with Vertex: veo-request.ts.
 */
import { z } from "zod";
import { raiFieldsSchema } from "./veo-status.ts";

/** What the adapter persists on a job. */
export interface GeminiTask {
  /** The operation's full name, `models/{model}/operations/{id}`; polled as `GET {base}/{name}`. */
  operationName: string;
}

/**
 * Operation names are used as a URL path, so only the documented shape is accepted: a name with
 * `..`, `?` or another host in it never reaches a request.
 */
export const GEMINI_OPERATION_NAME = /^models\/[A-Za-z0-9._-]+\/operations\/[A-Za-z0-9_-]+$/;

/** Answer of `POST …:predictLongRunning`: only `name` is guaranteed. */
export const geminiCreateResponseSchema = z.object({
  name: z.string().regex(GEMINI_OPERATION_NAME, "not a Gemini operation name"),
});

/** A page of `GET /models` (models.list). Only the names and generation methods are read. */
export const geminiModelListSchema = z.object({
  models: z
    .array(z.looseObject({ name: z.string(), supportedGenerationMethods: z.array(z.string()).optional() }))
    .optional(),
  nextPageToken: z.string().optional(),
});

/** One generated sample: a file URI, or (rarely) the bytes inline. */
const generatedSampleSchema = z.object({
  video: z
    .object({
      uri: z.string().optional(),
      encodedVideo: z.string().optional(),
      encoding: z.string().optional(),
    })
    .optional(),
});

/**
 * `response` of a finished operation. Google's SDK reads the videos only from
 * `generateVideoResponse`; anything else yields no videos, and so does this schema.
 */
export const geminiResponseSchema = z.object({
  generateVideoResponse: raiFieldsSchema
    .extend({ generatedSamples: z.array(generatedSampleSchema).optional() })
    .optional(),
});

export type GeminiResponse = z.infer<typeof geminiResponseSchema>;

/**
 * The file id in a sample's URI, found the way Google's SDK finds it: the first run of lowercase
 * letters and digits after `files/`. The adapter downloads through its own base URL with that id
 * rather than trusting the URI's host with the API key.
 */
export function geminiFileId(uri: string): string | undefined {
  const suffix = uri.split("files/")[1];
  return suffix === undefined ? undefined : /[a-z0-9]+/.exec(suffix)?.[0];
}
