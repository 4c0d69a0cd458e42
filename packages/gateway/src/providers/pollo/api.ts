/**
 * Pollo's wire: request bodies Reelay sends, lenient schemas for what Pollo answers, and the
 * task Reelay persists on a job. Facts: shared/providers/pollo.md.
 */
import { z } from "zod";

/** The `servers` entry of every Pollo OpenAPI page. */
export const POLLO_DEFAULT_BASE_URL = "https://pollo.ai/api/platform";

/** The setting that holds the key, named in every credentials error. */
export const POLLO_KEY_VARIABLE = "REELAY_POLLO_API_KEY";

/** Which API generation a task was created on; both are live (pollo.md §1). */
export type PolloApiGeneration = "legacy" | "v1";

/**
 * The `input` object of a create. Legacy routes name the duration `length`, v1 routes
 * `duration`; exactly one of the two is present.
 */
export interface PolloInput {
  /** Required on the text branch, optional with an image. */
  prompt?: string;
  /** A public http(s) URL; Pollo refuses base64 and data URIs. */
  image?: string;
  /** Last frame, v1 Veo 3.1 routes only. */
  imageTail?: string;
  length?: number;
  duration?: number;
  aspectRatio?: string;
  resolution?: string;
  negativePrompt?: string;
  seed?: number;
  generateAudio?: boolean;
}

/** Body of every create: `input`, plus the top-level `webhookUrl` when callbacks are on. */
export interface PolloCreateBody {
  input: PolloInput;
  /** Where Pollo posts `{taskId, status}` when the task ends; a hint to poll, never trusted. */
  webhookUrl?: string;
}

/**
 * The `{code, message, data}` envelope around every JSON answer (unverified by official text,
 * consistent across four clients). Success is `code: "SUCCESS"`; a body without `code` is taken as
 * the bare payload, as clients do.
 */
export const polloEnvelopeSchema = z.looseObject({
  code: z.union([z.string(), z.number()]).optional(),
  message: z.string().nullish(),
  data: z.unknown().optional(),
  /** One client reads validation issues here instead of under `data` (unverified). */
  issues: z.array(z.unknown()).optional(),
});

export type PolloEnvelope = z.infer<typeof polloEnvelopeSchema>;

/** Whether an envelope's `code` says success (absent: a bare payload). */
export function isSuccessCode(code: PolloEnvelope["code"]): boolean {
  return code === undefined || String(code).toUpperCase() === "SUCCESS";
}

/** The payload of a successful answer: `data` when present, else the body itself. */
export function unwrapPolloData(body: unknown): unknown {
  if (typeof body === "object" && body !== null && "data" in body && "code" in body) {
    return (body as { data: unknown }).data;
  }
  return body;
}

/** Create answer payload: `{taskId, status}`; the first status is normally `waiting`. */
export const polloCreateDataSchema = z.looseObject({
  taskId: z.string().min(1),
  status: z.string().optional(),
});

/** `GET /credit/balance` payload: `{availableCredits, totalCredits}` (pollo.md §1, §8). */
export const polloBalanceDataSchema = z.looseObject({
  availableCredits: z.coerce.number(),
  totalCredits: z.coerce.number().optional(),
});

const generationSchema = z.looseObject({
  id: z.string().nullish(),
  status: z.string(),
  failMsg: z.string().nullish(),
  url: z.string().nullish(),
  mediaType: z.string().nullish(),
});

/**
 * `GET /generation/{taskId}/status` payload. No top-level status and no progress on the
 * documented wire; the variants clients reported (`result[].videoUrl`, a top-level `status`,
 * `credit` as a string) are tolerated (all unverified).
 */
export const polloStatusDataSchema = z
  .looseObject({
    taskId: z.string().optional(),
    status: z.string().optional(),
    generations: z.array(generationSchema).optional(),
    result: z.array(z.looseObject({ videoUrl: z.string().nullish() })).optional(),
  })
  .refine((data) => data.generations !== undefined || data.status !== undefined || data.result !== undefined, {
    message: "neither generations, result nor status is present",
  });

export type PolloStatusData = z.infer<typeof polloStatusDataSchema>;
export type PolloGeneration = z.infer<typeof generationSchema>;

/** What Reelay persists on a job after a create: enough to poll. */
export interface PolloTask {
  /** Pollo's opaque task id. */
  taskId: string;
  /** The API generation the create went to (informational: both are polled on the legacy path). */
  api: PolloApiGeneration;
  /** The create route, e.g. `google/veo3-fast` (informational). */
  route: string;
}

/** Task ids are opaque (cuid-like in every sample); anything else was not written by this adapter. */
const TASK_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/** Reads a persisted task; null when it is not a Pollo task. */
export function parsePolloTask(task: Record<string, unknown>): PolloTask | null {
  const { taskId, api, route } = task;
  if (typeof taskId !== "string" || !TASK_ID_PATTERN.test(taskId)) return null;
  return { taskId, api: api === "v1" ? "v1" : "legacy", route: typeof route === "string" ? route : "" };
}
