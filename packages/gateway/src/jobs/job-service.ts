import { createHash } from "node:crypto";
import type { Clock } from "../core/clock.ts";
import { ReelayError } from "../core/errors.ts";
import { createId } from "../core/ids.ts";
import type { InputImageFacts, ModelSpec, RequestCheck } from "../core/model-spec.ts";
import {
  TERMINAL_STATUSES,
  type JobCreateInput,
  type JobInputs,
  type JobRecord,
  type JobRequestInput,
  type NormalizedRequest,
  type ResolvedJobRequest,
  type StoredVideo,
  type Warning,
} from "../core/types.ts";
import { createWakeableSleep } from "../core/wakeable-sleep.ts";
import { BudgetExceededError, type JobCharge } from "./job-charges.ts";
import type { JobPage, JobStore, ListJobsQuery } from "./job-store.ts";
import type { JobTelemetry } from "./job-telemetry.ts";

/** Longest pause between two looks at a job being stopped, for stops written by other processes. */
const STOP_POLL_MS = 250;

/** Input images between the HTTP edge and the job service: uploaded, then prepared per model. */
export interface ImageInputs {
  /** Uploads the request's URLs and data URIs and describes every image it names. */
  resolve(tenantId: string, input: JobRequestInput): Promise<InputImageFacts>;
  /** Prepares each image of a validated request for its model. */
  prepare(
    tenantId: string,
    spec: ModelSpec,
    request: NormalizedRequest,
  ): Promise<{ inputs: JobInputs; warnings: Warning[] }>;
}

export interface JobServiceOptions {
  store: JobStore;
  clock: Clock;
  /** Fills a request from its preset and applies its style; unknown ids are issues. */
  resolveRequest(tenantId: string, input: JobCreateInput): Promise<ResolvedJobRequest>;
  checkRequest(input: JobRequestInput, images: InputImageFacts): RequestCheck;
  images: ImageInputs;
  /** Throws `unsafe_url` for a webhook URL that may not be reached (SSRF rules). */
  checkWebhookUrl(url: string): Promise<void>;
  /** Why the model's provider cannot run here now, or null when it can. */
  unavailableReason(spec: ModelSpec): string | null;
  defaultDeadlineSeconds: number;
  /** Remote providers are simulated: every job of theirs says so. */
  sandbox: boolean;
  /** Called after a job was written or changed by a caller, so the worker looks at once. */
  onJobQueued(): void;
  /** Deletes a deleted job's stored video and every file made from it; missing files are no error. */
  deleteVideoFiles(video: StoredVideo): Promise<void>;
  /** How long `delete` waits for a job that is still running to be stopped (upstream too). */
  stopWaitMs: number;
  /** Hears of cancel requests (the job timeline); none when absent. */
  telemetry?: Pick<JobTelemetry, "cancelRequested">;
}

export interface CreateJobResult {
  job: JobRecord;
  /** False when an earlier request with the same idempotency key created the job. */
  created: boolean;
}

export interface JobService {
  /** The catalog's verdict on a request, without creating a job (its images are uploaded). */
  check(tenantId: string, input: JobCreateInput): Promise<RequestCheck>;
  create(tenantId: string, input: JobCreateInput, idempotencyKey: string | null): Promise<CreateJobResult>;
  get(tenantId: string, id: string): Promise<JobRecord>;
  list(query: ListJobsQuery): Promise<JobPage>;
  cancel(tenantId: string, id: string): Promise<JobRecord>;
  /**
   * Deletes a job, its events and its stored video; returns the job as it was. A job still running
   * is cancelled first (upstream too, by the worker) and deleted once it has stopped; when it has
   * not stopped within `stopWaitMs`, throws `job_not_finished` and the cancel goes on.
   */
  delete(tenantId: string, id: string): Promise<JobRecord>;
}

/** A request that passed resolving and the catalog (its notes include what resolving warned of), or not. */
type CheckedRequest =
  | { ok: false; check: Extract<RequestCheck, { ok: false }> }
  | { ok: true; check: Extract<RequestCheck, { ok: true }>; resolved: Extract<ResolvedJobRequest, { ok: true }> };

/** JSON with sorted keys, so the same body always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .toSorted(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function retiredMessage(retired: { model: string; since?: string; replacement?: string }): string {
  const since = retired.since ? ` on ${retired.since}` : "";
  const replacement = retired.replacement ? ` Use ${retired.replacement} instead.` : "";
  return `Model ${retired.model} was retired${since} and no longer accepts jobs.${replacement}`;
}

function sandboxWarnings(sandbox: boolean, spec: ModelSpec): Warning[] {
  if (!sandbox || spec.provider === "local") return [];
  return [
    {
      code: "sandbox_simulated",
      message: `Sandbox mode: ${spec.provider} is simulated by Reelay's built-in fake; this video is not a real ${spec.label} generation.`,
    },
  ];
}

/** Throws the caller-facing error for a request the catalog rejected. */
export function rejectRequest(check: Extract<RequestCheck, { ok: false }>): never {
  if (check.retired) throw new ReelayError("model_retired", retiredMessage(check.retired), check.issues);
  const summary = check.issues.map((issue) => `${issue.field}: ${issue.message}`).join("; ");
  throw new ReelayError("validation_failed", `The request cannot be run: ${summary}`, check.issues);
}

/** The use cases of the native API: everything a caller can do with jobs. */
export function createJobService(options: JobServiceOptions): JobService {
  const { store, clock } = options;

  async function get(tenantId: string, id: string): Promise<JobRecord> {
    const job = await store.get(tenantId, id);
    if (job === null) throw new ReelayError("job_not_found", `No job with id ${id}.`);
    return job;
  }

  async function cancel(tenantId: string, id: string): Promise<JobRecord> {
    const nowMs = clock.now();
    const job = await store.requestCancel(tenantId, id, nowMs);
    if (job === null) throw new ReelayError("job_not_found", `No job with id ${id}.`);
    // A repeated request keeps the first request's time: only the first is told.
    if (job.cancelRequestedAt === nowMs) await options.telemetry?.cancelRequested(job, nowMs);
    options.onJobQueued();
    return job;
  }

  /** Writes the job with its price reserved; a price beyond the tenant's budget is a 402 naming the figures. */
  async function insertCharged(record: JobRecord, charge: JobCharge) {
    try {
      return await store.insert(record, charge);
    } catch (error) {
      if (error instanceof BudgetExceededError) {
        throw new ReelayError("budget_exceeded", error.message, undefined, error.figures);
      }
      throw error;
    }
  }

  /** The request resolved against presets and styles, then checked by the catalog. */
  async function resolveAndCheck(tenantId: string, input: JobCreateInput): Promise<CheckedRequest> {
    const resolved = await options.resolveRequest(tenantId, input);
    if (!resolved.ok) return { ok: false, check: { ok: false, issues: resolved.issues } };
    const check = options.checkRequest(resolved.request, await options.images.resolve(tenantId, resolved.request));
    if (!check.ok) return { ok: false, check };
    const notes = [...resolved.warnings, ...(check.notes ?? [])];
    return { ok: true, check: { ...check, ...(notes.length > 0 ? { notes } : {}) }, resolved };
  }

  /** The job once it is terminal, or as it is when `stopWaitMs` ran out; wakes at every local write. */
  async function waitUntilStopped(job: JobRecord): Promise<JobRecord> {
    const giveUpAt = clock.now() + options.stopWaitMs;
    const pause = createWakeableSleep();
    const stopListening = store.onEvents(() => pause.wake());
    try {
      let current = job;
      while (!TERMINAL_STATUSES.includes(current.status) && clock.now() < giveUpAt) {
        await pause.sleep(Math.min(STOP_POLL_MS, giveUpAt - clock.now()));
        current = await get(job.tenantId, job.id);
      }
      return current;
    } finally {
      stopListening();
    }
  }

  return {
    async check(tenantId, input) {
      return (await resolveAndCheck(tenantId, input)).check;
    },

    async create(tenantId, input, idempotencyKey) {
      if (input.webhookUrl !== undefined) await options.checkWebhookUrl(input.webhookUrl);
      const checked = await resolveAndCheck(tenantId, input);
      if (!checked.ok) rejectRequest(checked.check);
      const { check, resolved } = checked;
      const reason = options.unavailableReason(check.spec);
      if (reason !== null) {
        throw new ReelayError("model_unavailable", `Model ${check.spec.id} is not available: ${reason}`);
      }
      const prepared = await options.images.prepare(tenantId, check.spec, check.request);
      const now = clock.now();
      const record: JobRecord = {
        id: createId("job", now),
        tenantId,
        status: "queued",
        model: check.spec.id,
        request: check.request,
        inputs: prepared.inputs,
        providerTask: null,
        upstreamId: null,
        progress: null,
        progressSource: null,
        expectedFinishAt: null,
        outputs: null,
        video: null,
        warnings: [...sandboxWarnings(options.sandbox, check.spec), ...(check.notes ?? []), ...prepared.warnings],
        failure: null,
        idempotencyKey,
        requestHash: createHash("sha256").update(canonicalJson(input)).digest("hex"),
        attempts: 0,
        rateLimits: 0,
        createdAt: now,
        updatedAt: now,
        startedAt: null,
        finishedAt: null,
        nextRunAt: now,
        deadlineAt: now + (resolved.request.deadlineSeconds ?? options.defaultDeadlineSeconds) * 1000,
        cancelRequestedAt: null,
        submittingSince: null,
        leaseOwner: null,
        leaseToken: null,
        leaseExpiresAt: null,
        videoPurgedAt: null,
        ...resolved.labels,
      };
      const result = await insertCharged(record, { priceUsd: check.priceUsd, seconds: check.request.durationSeconds });
      if (!result.inserted && result.job.requestHash !== record.requestHash) {
        throw new ReelayError(
          "idempotency_conflict",
          `Idempotency-Key ${idempotencyKey} was already used for a different request (job ${result.job.id}). Use a new key for a new request.`,
        );
      }
      if (result.inserted) options.onJobQueued();
      return { job: result.job, created: result.inserted };
    },

    get,

    list: (query) => store.list(query),

    cancel,

    async delete(tenantId, id) {
      let job = await get(tenantId, id);
      if (!TERMINAL_STATUSES.includes(job.status)) {
        job = await waitUntilStopped(await cancel(tenantId, id));
        if (!TERMINAL_STATUSES.includes(job.status)) {
          throw new ReelayError(
            "job_not_finished",
            `Job ${id} is being cancelled (upstream too) and has not stopped yet; send the DELETE again in a few seconds.`,
          );
        }
      }
      // The files go first: a failure leaves the job to be deleted again, never files without a job.
      if (job.video !== null) await options.deleteVideoFiles(job.video);
      const deleted = await store.deleteFinished(tenantId, id);
      if (deleted === null) throw new ReelayError("job_not_found", `No job with id ${id}.`);
      return deleted;
    },
  };
}
