/**
 * Reelay's vocabulary. The wire types are the public contract and live in `@reelay/client`;
 * this module re-exports them and adds what only the gateway knows about.
 */
import type {
  CreateJobRequest,
  Failure,
  JobStatus,
  NormalizedRequest,
  ProgressSource,
  ValidationIssue,
  Warning,
} from "@reelay/client";
import type { HttpExchange } from "./http-exchange.ts";

export type {
  AspectRatio,
  BudgetFigures,
  CreateJobRequest,
  Failure,
  FailureCode,
  ImageInput,
  JobStatus,
  ModelConstraint,
  ModelInputs,
  ModelLifecycle,
  NormalizedRequest,
  Progress,
  ProgressSource,
  ProviderId,
  Resolution,
  ValidationIssue,
  Warning,
} from "@reelay/client";
export { TERMINAL_STATUSES } from "@reelay/client";

/** Opaque provider task state, persisted on the job as JSON. */
export type ProviderTask = Record<string, unknown>;

/** Where a finished provider output can be read from. Persisted on the job, so plain JSON. */
export type OutputSource =
  | { type: "url"; url: string; headers?: Record<string, string> }
  | { type: "file"; path: string };

/** One output a provider produced. */
export interface ProviderOutput {
  kind: "video" | "thumbnail";
  source: OutputSource;
  mediaType?: string;
}

/** A video re-hosted in Reelay's media storage, with what probing found. */
export interface StoredVideo {
  /** Storage key of the MP4. */
  key: string;
  /** Storage key of the thumbnail image. */
  thumbnailKey: string;
  /** MIME type of the thumbnail. */
  thumbnailMediaType: string;
  mediaType: string;
  sizeBytes: number;
  durationSeconds: number;
  width: number;
  height: number;
  codec: string | null;
  sha256: string;
}

/** An input image prepared for one model (converted, fitted, within its limits) and stored. */
export interface PreparedImageRecord {
  /** The upload it was prepared from. */
  uploadId: string;
  /** Storage key of the prepared bytes. */
  key: string;
  mediaType: string;
  width: number;
  height: number;
  sizeBytes: number;
  sha256: string;
}

/** The prepared input images of a job, by role. */
export interface JobInputs {
  image?: PreparedImageRecord;
  lastFrame?: PreparedImageRecord;
}

/** The persisted state of one job. */
export interface JobRecord {
  id: string;
  tenantId: string;
  status: JobStatus;
  model: string;
  request: NormalizedRequest;
  /** Input images prepared for the model when the job was created. */
  inputs: JobInputs;
  providerTask: ProviderTask | null;
  /** The provider's own id of the task, as its callbacks name it (`ProviderAdapter.upstreamId`). */
  upstreamId: string | null;
  progress: number | null;
  progressSource: ProgressSource | null;
  /** When the job is expected to finish, from the provider's progress or the render history. */
  expectedFinishAt: number | null;
  /** Provider outputs not yet re-hosted (kept so a failed download retries the download only). */
  outputs: ProviderOutput[] | null;
  video: StoredVideo | null;
  warnings: Warning[];
  failure: Failure | null;
  idempotencyKey: string | null;
  requestHash: string;
  /** Failed attempts of the current step; reset when the step succeeds. */
  attempts: number;
  /**
   * Rate-limited calls in a row at the job's current stage. They use up no attempt, but each waits
   * longer than the one before when the provider says nothing of when to come back.
   */
  rateLimits: number;
  createdAt: number;
  updatedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  nextRunAt: number;
  deadlineAt: number;
  cancelRequestedAt: number | null;
  /** Set before a provider create is sent; a job found with it set and no task had a create of unknown outcome. */
  submittingSince: number | null;
  leaseOwner: string | null;
  leaseToken: string | null;
  leaseExpiresAt: number | null;
  /** When the stored video and thumbnail were deleted by retention; the job itself is kept. */
  videoPurgedAt: number | null;
  /** Id of the category the job belongs to (the request's, or its preset's). */
  category: string | null;
  /** Id of the style applied to the prompt. */
  style: string | null;
  /** Id of the preset the request was filled from. */
  preset: string | null;
}

/**
 * A create request as it arrives, types checked but values not yet checked against the model:
 * ratio and resolution may be any string, so the catalog can name the allowed ones. Its model may
 * still have to come from its preset.
 */
export type JobCreateInput = Omit<CreateJobRequest, "aspectRatio" | "resolution"> & {
  aspectRatio?: string;
  resolution?: string;
};

/** A create request with its preset filled in and its style applied: what the catalog checks. */
export type JobRequestInput = Omit<JobCreateInput, "model" | "preset" | "style" | "category"> & { model: string };

/** The preset, style and category a job was made with, by id. */
export type JobLabels = Pick<JobRecord, "preset" | "style" | "category">;

/** A create request resolved against presets and styles, or why it could not be. */
export type ResolvedJobRequest =
  | { ok: true; request: JobRequestInput; labels: JobLabels; warnings: Warning[] }
  | { ok: false; issues: ValidationIssue[] };

/** Told what re-hosting does as it happens, for the job's timeline. */
export interface RehostObserver {
  /** Each HTTP request to the output's URL (redirect hops and resumed ranges included). */
  request(exchange: HttpExchange): void;
  /** The video is in storage, `sizeBytes` long. */
  downloaded(sizeBytes: number): void;
  /** The thumbnail is stored; `placeholder` when no frame could be read and a plain image stands in. */
  thumbnailed(placeholder: boolean): void;
}

/** Copies a provider's finished outputs into Reelay's storage; throws `OutputDownloadError`. */
export interface OutputRehoster {
  rehost(jobId: string, outputs: ProviderOutput[], observer?: RehostObserver): Promise<StoredVideo>;
}
