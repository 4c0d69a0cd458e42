/**
 * Runway's wire: request bodies Reelay sends, lenient schemas for what Runway answers, and the
 * task Reelay persists on a job. Facts: shared/providers/runway.md.
 */
import { z } from "zod";
import type { ProviderErrorReader } from "../shared/call-provider.ts";

/** The production developer API (`api.runwayml.com` is a different, wrong host). */
export const RUNWAY_DEFAULT_BASE_URL = "https://api.dev.runwayml.com";

/** Required on every request as `X-Runway-Version`; still the current version in 2026. */
export const RUNWAY_API_VERSION = "2024-11-06";

/** The setting that holds the key, named in every credentials error. */
export const RUNWAY_KEY_VARIABLE = "REELAY_RUNWAY_API_KEY";

/** The two create endpoints; both answer `{id}` and are polled through `/v1/tasks/{id}`. */
export type RunwayEndpoint = "/v1/text_to_video" | "/v1/image_to_video";

/** One frame of the array form of `promptImage`. */
export interface RunwayPromptFrame {
  /** HTTPS URL, `data:image/…;base64,…` URI, or `runway://` upload URI. */
  uri: string;
  position: "first" | "last";
}

/** Body of `POST /v1/text_to_video` and `POST /v1/image_to_video` (a union discriminated on `model`). */
export interface RunwayCreateBody {
  model: string;
  /** A string is the first frame; the array form carries a last frame (veo3.1*). Image-to-video only. */
  promptImage?: string | RunwayPromptFrame[];
  /** At most 1,000 UTF-16 code units; required for text-to-video and for gen4.5. */
  promptText?: string;
  /** Pixel ratio `"W:H"`, e.g. `"1280:720"`; never an aspect name. */
  ratio: string;
  /** Whole seconds. */
  duration: number;
  seed?: number;
  /** veo3.1* only. */
  audio?: boolean;
  /** veo3* only. */
  negativePrompt?: string;
}

/** Create answer: HTTP 200 `{id}` (2026: also `estimatedCost`). */
export const runwayCreateResponseSchema = z.looseObject({
  id: z.string().min(1),
  estimatedCost: z.looseObject({ credits: z.number() }).optional(),
});

/** `GET /v1/tasks/{id}`. Lenient: status is matched case-insensitively by `mapRunwayTask`. */
export const runwayTaskResponseSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  createdAt: z.string().optional(),
  progress: z.number().nullish(),
  // Non-string entries are ignored rather than rejected: the strings are what Reelay reads.
  output: z.array(z.unknown()).nullish(),
  failure: z.string().nullish(),
  failureCode: z.string().nullish(),
});

export type RunwayTaskResponse = z.infer<typeof runwayTaskResponseSchema>;

/**
 * `GET /v1/organization`: the organisation's credits, tier limits and usage. Only the balance is
 * read. The endpoint and shape come from Runway's official SDK (`organization.retrieve()`).
 */
export const runwayOrganizationResponseSchema = z.looseObject({ creditBalance: z.number() });

/** Runway's error body: `error` is a string; validation errors add Zod-style `issues`. */
export const runwayErrorBodySchema = z.looseObject({
  error: z.string(),
  issues: z.array(z.looseObject({ path: z.array(z.unknown()).optional(), message: z.string().optional() })).optional(),
  docUrl: z.string().optional(),
});

/** Reads Runway's error bodies for `callProvider`, listing validation issues with their fields. */
export const runwayErrorReader: ProviderErrorReader = {
  message(body) {
    const parsed = runwayErrorBodySchema.safeParse(body);
    if (!parsed.success) return undefined;
    const issues = (parsed.data.issues ?? [])
      .map((issue) => `${(issue.path ?? []).join(".") || "body"}: ${issue.message ?? "invalid"}`)
      .join("; ");
    return issues === "" ? parsed.data.error : `${parsed.data.error} (${issues})`;
  },
};

/** What Reelay persists on a job after a create: enough to poll and cancel. */
export interface RunwayTask {
  /** Runway's task id (a UUID). */
  taskId: string;
  /** The endpoint the task was created on (informational). */
  endpoint: RunwayEndpoint;
  /** Runway's model id (informational). */
  model: string;
}

/** Task ids are UUIDs; anything else in a stored task was not written by this adapter. */
const TASK_ID_PATTERN = /^[A-Za-z0-9-]{1,128}$/;

/** Reads a persisted task; null when it is not a Runway task. */
export function parseRunwayTask(task: Record<string, unknown>): RunwayTask | null {
  const { taskId, endpoint, model } = task;
  if (typeof taskId !== "string" || !TASK_ID_PATTERN.test(taskId)) return null;
  return {
    taskId,
    endpoint: endpoint === "/v1/image_to_video" ? "/v1/image_to_video" : "/v1/text_to_video",
    model: typeof model === "string" ? model : "",
  };
}
