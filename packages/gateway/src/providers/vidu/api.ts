/**
 * Vidu's `/ent/v2` wire: the bodies Reelay sends, lenient schemas for what Vidu answers, its error
 * envelope, and the task Reelay persists on a job. Facts: shared/providers/vidu.md.
 */
import { z } from "zod";
import type { ProviderErrorReader } from "../shared/call-provider.ts";

/** The global API; China is `https://api.vidu.cn/ent/v2`. */
export const VIDU_DEFAULT_BASE_URL = "https://api.vidu.com/ent/v2";

/** The setting that holds the key, named in every credentials error. */
export const VIDU_KEY_VARIABLE = "REELAY_VIDU_API_KEY";

/** The create routes Reelay uses (reference2video and template2video are out of scope). */
export type ViduEndpoint = "/text2video" | "/img2video" | "/start-end2video";

export const VIDU_MOVEMENT_AMPLITUDES = ["auto", "small", "medium", "large"] as const;
export type ViduMovementAmplitude = (typeof VIDU_MOVEMENT_AMPLITUDES)[number];

/** Body of the three create routes; which fields a route takes is in vidu.md §3. */
export interface ViduCreateBody {
  /** Vendor model id, e.g. `vidu1.5`, `viduq1`, `viduq3-turbo`. */
  model: string;
  /** Required on text2video; optional with images. */
  prompt?: string;
  /** Whole seconds; the allowed set depends on model and route. */
  duration: number;
  /** text2video only: image routes take their shape from the image. */
  aspect_ratio?: string;
  resolution: string;
  /** Omitted or 0 means random; the task echoes the seed used. */
  seed?: number;
  movement_amplitude?: ViduMovementAmplitude;
  /** Background music (vidu1.5, viduq2); not on q3. */
  bgm?: boolean;
  /** Generated sound (q3). */
  audio?: boolean;
  /** img2video: exactly one; start-end2video: exactly two (start, end). URLs or data URIs. */
  images?: string[];
  /** Echoed back untouched: Reelay's job id, for correlation on Vidu's side. */
  payload?: string;
  /** Where Vidu posts the status body on state changes; a hint to poll, never trusted. */
  callback_url?: string;
}

/** A task id as Vidu writes it: a decimal string, often above 2^53. */
export const VIDU_TASK_ID = /^\d{1,40}$/;

/**
 * Create answer: the task echoing the inputs. `task_id` is a string per the reference; a number
 * is tolerated here only so that `exactTaskId` can recover its digits from the raw text.
 */
export const viduCreateResponseSchema = z.looseObject({
  task_id: z.union([z.string().regex(VIDU_TASK_ID), z.number().nonnegative()]),
  state: z.string().optional(),
  credits: z.number().optional(),
});

/** One result of a finished task. */
const creationSchema = z.looseObject({
  id: z.string().optional(),
  url: z.string().nullish(),
  cover_url: z.string().nullish(),
  watermarked_url: z.string().nullish(),
});

/** `GET /tasks/{id}/creations`. No progress field exists. */
export const viduStatusResponseSchema = z.looseObject({
  id: z.string().optional(),
  state: z.string().min(1),
  err_code: z.string().nullish(),
  credits: z.number().nullish(),
  payload: z.string().nullish(),
  // Entries Reelay cannot read are dropped rather than failing the whole answer.
  creations: z.array(creationSchema.nullable().catch(null)).nullish(),
});

export type ViduStatusResponse = z.infer<typeof viduStatusResponseSchema>;

/** Vidu's error envelope; "a `code` key in the body means error". */
export const viduErrorBodySchema = z.looseObject({
  code: z.number(),
  reason: z.string(),
  message: z.string().optional(),
  metadata: z.looseObject({ trace_id: z.string().optional() }).optional(),
});

export type ViduErrorBody = z.infer<typeof viduErrorBodySchema>;

/** Reads Vidu's envelope for `callProvider`: the reason first, so it reaches the job's message. */
/** Moderation blocks, as task `err_code`s and as create-time error reasons. */
export const VIDU_MODERATION_CODES = new Set([
  "CreationPolicyViolation",
  "AuditSubmitIllegal",
  "TaskPromptPolicyViolation",
]);

export const viduErrorReader: ProviderErrorReader = {
  message(body) {
    const parsed = viduErrorBodySchema.safeParse(body);
    if (!parsed.success) return undefined;
    const { reason, message } = parsed.data;
    return message === undefined || message === "" ? reason : `${reason}: ${message}`;
  },
  failureCode(_status, body) {
    const parsed = viduErrorBodySchema.safeParse(body);
    if (!parsed.success) return undefined;
    // A prompt refused at create is a content decision, not a malformed request; an empty account
    // is nothing the caller's input can fix.
    if (VIDU_MODERATION_CODES.has(parsed.data.reason)) return "content_filtered";
    return parsed.data.reason === "CreditInsufficient" ? "provider_error" : undefined;
  },
};

/** Vidu's error envelope in a `ProviderCallError`'s kept body, if that is what it holds. */
export function viduErrorOf(redactedBody: string | undefined): ViduErrorBody | null {
  try {
    const parsed = viduErrorBodySchema.safeParse(JSON.parse(redactedBody ?? ""));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The task id with every digit. Vidu sends a string; should it ever send a bare number above 2^53,
 * `JSON.parse` has already rounded it, so the digits are taken from the raw text instead.
 * unverified: no edition of the docs shows a numeric `task_id`; this only guards against one.
 */
export function exactTaskId(parsed: string | number, rawText: string): string | null {
  if (typeof parsed === "string") return parsed;
  const match = /"task_id"\s*:\s*(\d{1,40})\s*[,}]/.exec(rawText);
  return match?.[1] ?? (Number.isSafeInteger(parsed) ? String(parsed) : null);
}

/** What Reelay persists on a job after a create: enough to poll and cancel. */
export interface ViduTask {
  /** Vidu's task id, always a string (it does not fit a double). */
  taskId: string;
  endpoint: ViduEndpoint;
  /** Vidu's model id (informational). */
  model: string;
  /** When the create was answered, to slow polling after the first minute. */
  createdAtMs: number;
}

const ENDPOINTS: readonly ViduEndpoint[] = ["/text2video", "/img2video", "/start-end2video"];

/** Reads a persisted task; null when it is not a Vidu task. */
export function parseViduTask(task: Record<string, unknown>): ViduTask | null {
  const { taskId, endpoint, model, createdAtMs } = task;
  if (typeof taskId !== "string" || !VIDU_TASK_ID.test(taskId)) return null;
  return {
    taskId,
    endpoint: ENDPOINTS.find((candidate) => candidate === endpoint) ?? "/text2video",
    model: typeof model === "string" ? model : "",
    createdAtMs: typeof createdAtMs === "number" && Number.isFinite(createdAtMs) ? createdAtMs : 0,
  };
}
