/**
 * What every adapter's `parseCallback` does once the signature is verified: read the message's id,
 * time and task ids leniently, and call the callback malformed when one of them is unreadable.
 */
import type { z } from "zod";
import type { CallbackCheck } from "../provider.ts";

/** The callback body read by `schema`; null when it is not JSON or does not fit. */
export function readCallbackBody<T>(body: Uint8Array, schema: z.ZodType<T>): T | null {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body).toString("utf8"));
  } catch {
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** Epoch milliseconds of a Unix-seconds header; null when the header is not a whole number of seconds. */
export function unixSecondsHeaderMs(value: string | null): number | null {
  return value !== null && /^\d{1,12}$/.test(value.trim()) ? Number(value.trim()) * 1000 : null;
}

/** A verified callback, or `malformed` when its id, time or task ids could not be read. */
export function verifiedCallback(read: {
  messageId: string | null;
  sentAtMs: number | null;
  taskIds: string[] | null;
}): CallbackCheck {
  const malformed = (message: string): CallbackCheck => ({ ok: false, reason: "malformed", message });
  if (read.messageId === null || read.messageId.trim() === "") return malformed("the message id is empty");
  if (read.sentAtMs === null || !Number.isFinite(read.sentAtMs)) return malformed("the timestamp is unreadable");
  if (read.taskIds === null) return malformed("the body names no task Reelay can read");
  return { ok: true, messageId: read.messageId, sentAtMs: read.sentAtMs, taskIds: read.taskIds };
}
