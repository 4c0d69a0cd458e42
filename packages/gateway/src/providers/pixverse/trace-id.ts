import { createHash } from "node:crypto";

/** What a trace id is for: one per job and purpose, so every retry of that call sends the same one. */
export type PixverseTracePurpose = "create" | "upload-image" | "upload-last-frame";

/**
 * A stable `Ai-trace-id` for one call of one job: a UUID (RFC 9562 version 8, hash-based) made
 * from the job id. PixVerse answers a repeated trace id with the earlier result instead of a new
 * generation, so re-sending a create of unknown outcome with the same id cannot bill twice — and
 * because it is derived, not stored, the worker needs no extra state to reuse it.
 */
export function pixverseTraceId(jobId: string, purpose: PixverseTracePurpose): string {
  const bytes = createHash("sha256").update(`reelay/pixverse/${purpose}/${jobId}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80; // version 8
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
