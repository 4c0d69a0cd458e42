import type { ProviderOperation } from "@reelay/client";
import type { HttpExchange } from "../core/http-exchange.ts";
import type { JobRecord, ProviderId, StoredVideo } from "../core/types.ts";

export type { ProviderOperation } from "@reelay/client";

/** One provider call of a job's step (an adapter method, or the download of the video) and how it went. */
export interface ProviderCallReport {
  provider: ProviderId;
  operation: ProviderOperation;
  /** When it was sent, ms since the epoch. */
  startedAt: number;
  durationMs: number;
  /** Its HTTP requests in order; none for the local renderer. */
  requests: HttpExchange[];
  /**
   * Why it failed: a `ProviderCallError`'s kind, an `OutputDownloadError`'s reason, or `unexpected`;
   * null when it succeeded.
   */
  error: { kind: string; message: string } | null;
}

/** How the finished video went into storage. */
export interface StoredVideoReport {
  video: StoredVideo;
  downloadedAt: number;
  thumbnailedAt: number;
  /** No frame could be read: a plain image stands in for the thumbnail. */
  placeholderThumbnail: boolean;
}

/**
 * What the job machinery tells about the jobs it runs: the timeline and the metrics listen here,
 * so jobs depend on neither. Implementations never throw: a failure of theirs must not fail a job,
 * so they log it themselves.
 */
export interface JobTelemetry {
  /** A provider call of `job` ended, answered or not. */
  providerCall(job: JobRecord, call: ProviderCallReport): Promise<void>;
  /** A write changed `before` into `after`; `cause` is the provider call whose answer led to it, if any. */
  changed(before: JobRecord, after: JobRecord, cause: ProviderCallReport | null): Promise<void>;
  /** The finished video of `job` is stored; `cause` is its download. */
  stored(job: JobRecord, report: StoredVideoReport, cause: ProviderCallReport): Promise<void>;
  /** The caller's cancel request was recorded at `atMs`; a job never submitted is `cancelled` at once. */
  cancelRequested(job: JobRecord, atMs: number): Promise<void>;
}

/** Telemetry that listens to nothing, for job machinery run without observability (unit tests). */
export const NO_TELEMETRY: JobTelemetry = {
  providerCall: async () => undefined,
  changed: async () => undefined,
  stored: async () => undefined,
  cancelRequested: async () => undefined,
};
