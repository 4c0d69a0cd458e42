/**
 * Wire types of Reelay's native API (`/api/v1`). This file is the public contract shared by the
 * gateway, the SDK, the CLI and the web UI. JSON on the wire is camelCase.
 */

/** Lifecycle of a job. `queued` → `running` → one of the three terminal states. */
export type JobStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

/** Statuses after which a job never changes again. */
export const TERMINAL_STATUSES: readonly JobStatus[] = ["succeeded", "failed", "cancelled"];

/** Why a job ended without a video. Shown to users; stable across versions. */
export type FailureCode =
  | "content_filtered"
  | "invalid_input"
  | "provider_error"
  | "deadline_exceeded"
  | "cancelled"
  | "submission_unknown"
  | "output_expired"
  | "download_failed"
  | "no_output";

/** Identifiers of the providers Reelay can route to. */
export type ProviderId = "local" | "google" | "google-vertex" | "runway" | "openai" | "pollo" | "pixverse" | "vidu";

/** Aspect ratio names, width:height. */
export type AspectRatio = "16:9" | "9:16" | "1:1" | "4:3" | "3:4" | "21:9" | "5:3" | "3:5";

/** Output resolution by its short side (`720p` = 1280×720 at 16:9). */
export type Resolution = "360p" | "480p" | "540p" | "720p" | "1080p" | "4k";

/**
 * An input image: one uploaded earlier (`POST /api/v1/uploads`), a public http(s) URL Reelay
 * fetches, or a `data:` URI. Exactly one field.
 */
export type ImageInput = { uploadId: string } | { url: string } | { dataUri: string };

/** What a caller sends to `POST /api/v1/jobs` and `POST /api/v1/validate`. */
export interface CreateJobRequest {
  /**
   * Catalog model id, `<provider>/<vendor model id>`, e.g. `local/preview`. Required unless `preset`
   * names a preset, whose model is then used.
   */
  model?: string;
  /** What the video should show. Required for text-to-video. */
  prompt?: string;
  /** What the video should avoid; only for models whose capabilities list it. */
  negativePrompt?: string;
  /** Length of the video in seconds; one of the model's durations. */
  durationSeconds?: number;
  /** Frame shape; one of the model's aspect ratios. */
  aspectRatio?: AspectRatio;
  /** Output resolution; one of the model's resolutions. */
  resolution?: Resolution;
  /** Seed for reproducible output; only for models that accept one. */
  seed?: number;
  /** Whether to generate a soundtrack; only for models that can. */
  audio?: boolean;
  /** First frame, for image-to-video; only for models that take one. */
  image?: ImageInput;
  /** Last frame; only for models that take one. */
  lastFrame?: ImageInput;
  /** Provider-specific options passed through to the adapter, validated by it. */
  providerOptions?: Record<string, unknown>;
  /** Free-form caller data kept on the job and returned unchanged. */
  metadata?: Record<string, string>;
  /**
   * Seconds after creation at which Reelay gives up on the job, cancelling it upstream where the
   * provider can; the server's `REELAY_JOB_DEADLINE_SECONDS` when absent. 1 to 172 800 (48 h).
   */
  deadlineSeconds?: number;
  /**
   * An absolute http(s) URL (at most 2048 characters) that receives this job's webhook events,
   * signed per Standard Webhooks. It must resolve to a public address (checked when the job is
   * created and again at every delivery) unless the server allows private URLs; otherwise the
   * create is refused with `unsafe_url`.
   */
  webhookUrl?: string;
  /**
   * A preset's id (`GET /api/v1/presets`): its model and parameters fill in what the request leaves
   * out, and its style and category apply unless the request names its own.
   */
  preset?: string;
  /**
   * A style's id (`GET /api/v1/styles`): its prefix and suffix are added to the prompt, and its
   * negative prompt to the request's where the model takes one.
   */
  style?: string;
  /** A category's id (`GET /api/v1/categories`): groups the job's video with others in the gallery. */
  category?: string;
}

/** A request after validation: every default applied explicitly. */
export interface NormalizedRequest {
  /** Catalog model id. */
  model: string;
  /** Prompt text (may be empty only for models that accept image-only input). */
  prompt: string;
  /** Negative prompt, when given. */
  negativePrompt?: string;
  /** Length in seconds. */
  durationSeconds: number;
  /** Frame shape. */
  aspectRatio: AspectRatio;
  /** Output resolution. */
  resolution: Resolution;
  /** Seed, when given. */
  seed?: number;
  /** Whether a soundtrack is generated. */
  audio: boolean;
  /** First frame, as an upload (URLs and data URIs are uploaded when the job is created). */
  image?: { uploadId: string };
  /** Last frame, as an upload. */
  lastFrame?: { uploadId: string };
  /** Provider-specific options, as given. */
  providerOptions: Record<string, unknown>;
  /** Caller data, as given. */
  metadata: Record<string, string>;
  /** URL that receives this job's webhook events, when given. */
  webhookUrl?: string;
}

/** A note about something Reelay did or noticed that the caller should know. */
export interface Warning {
  /** Stable machine-readable code, e.g. `upstream_not_cancelled`. */
  code: string;
  /** Human-readable explanation. */
  message: string;
}

/** Why a job failed. */
export interface Failure {
  /** Stable reason code. */
  code: FailureCode;
  /** Human-readable explanation, including what to change where that helps. */
  message: string;
}

/** Where a progress figure came from. */
export type ProgressSource = "provider" | "estimated";

/** Progress of a running job. */
export interface Progress {
  /** Fraction done, 0–1. */
  value: number;
  /** `provider` when the provider reported it, `estimated` when Reelay inferred it. */
  source: ProgressSource;
  /** Seconds until the video is expected, from the provider's pace or past renders; null when unknown. */
  etaSeconds: number | null;
  /** When the video is expected, ISO 8601; null when unknown. */
  expectedFinishAt: string | null;
}

/** The finished video, re-hosted by Reelay. */
export interface VideoView {
  /** URL of the MP4 (relative to the server unless a public URL is configured). */
  url: string;
  /** URL of a still image from the video. */
  thumbnailUrl: string;
  /** Measured duration of the stored file. */
  durationSeconds: number;
  /** Frame width in pixels. */
  width: number;
  /** Frame height in pixels. */
  height: number;
  /** File size in bytes. */
  sizeBytes: number;
  /** MIME type, `video/mp4`. */
  mediaType: string;
  /** Video codec string, e.g. `avc1.640028`. */
  codec: string | null;
}

/** A job as the API returns it. */
export interface JobView {
  /** Job id, `job_…`. */
  id: string;
  /** Always `job`. */
  object: "job";
  /** Current status. */
  status: JobStatus;
  /** Catalog model id. */
  model: string;
  /** The validated request with defaults applied. */
  request: NormalizedRequest;
  /** Latest progress while running; 1 when succeeded; null before any figure exists. */
  progress: Progress | null;
  /** Creation time, ISO 8601. */
  createdAt: string;
  /** When the provider call started, ISO 8601. */
  startedAt: string | null;
  /** When the job reached a terminal state, ISO 8601. */
  finishedAt: string | null;
  /** When a cancel was requested, ISO 8601. */
  cancelRequestedAt: string | null;
  /** Time after which Reelay gives up on the job, ISO 8601. */
  deadlineAt: string;
  /** Notes about the job. */
  warnings: Warning[];
  /** Why the job failed or was cancelled; null otherwise. */
  failure: Failure | null;
  /** The video when the job succeeded and it is still kept; null otherwise. */
  video: VideoView | null;
  /** When retention deleted the job's video, ISO 8601; null while it is kept. */
  videoPurgedAt: string | null;
  /** Caller data from the request. */
  metadata: Record<string, string>;
  /** Id of the category the job belongs to, from the request or its preset; null when none. */
  category: string | null;
  /** Id of the style applied to the prompt (`request.prompt` is the styled prompt); null when none. */
  style: string | null;
  /** Id of the preset the request was filled from; null when none. */
  preset: string | null;
}

/**
 * What kind of change a job event reports. `snapshot`: the job as it stands when a stream starts
 * without `Last-Event-ID`; `status`: the status changed (or a cancel was requested); `progress`:
 * progress or ETA moved; `warnings`: a warning was added; `done`: the job reached a terminal status.
 */
export type JobEventType = "snapshot" | "status" | "progress" | "warnings" | "done";

/**
 * One event of `GET /api/v1/jobs/{id}/events` or `GET /api/v1/events` (server-sent events): the SSE
 * `id:` field is `id`, `event:` is `type`, and `data:` is the JSON of `job`. Send the last `id` seen
 * as `Last-Event-ID` when reconnecting and no event is missed. A job's stream ends after the event
 * whose job is terminal. Lines starting with `:` are keep-alives.
 */
export interface JobEvent {
  /** Increasing event id (a decimal integer as a string). */
  id: string;
  /** What changed. */
  type: JobEventType;
  /** The whole job after the change. */
  job: JobView;
}

/** One page of jobs, newest first. */
export interface JobList {
  /** Always `list`. */
  object: "list";
  /** Jobs on this page. */
  data: JobView[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

/** One problem with a request. */
export interface ValidationIssue {
  /** Request field at fault, e.g. `durationSeconds`; `body` for the request as a whole. */
  field: string;
  /** Stable machine-readable code, e.g. `unsupported_value`. */
  code: string;
  /** Human-readable explanation. */
  message: string;
  /** Values the model accepts for this field, when the set is finite. */
  allowed?: Array<string | number | boolean>;
}

/** Answer of `POST /api/v1/validate`. */
export interface ValidateResponse {
  /** True when a job with this request would be accepted. */
  valid: boolean;
  /** Every problem found; empty when valid. */
  issues: ValidationIssue[];
  /** What Reelay will change to make the request fit (e.g. crop an image), when valid. */
  warnings: Warning[];
  /** The request with defaults applied, when valid. */
  request: NormalizedRequest | null;
  /** Quoted price in US dollars, when valid. */
  priceUsd: number | null;
  /** Expected render time in seconds, when valid. */
  expectedRenderSeconds: number | null;
}

/** Every error code the API answers with (the `error.code` of an error body). */
export type ApiErrorCode =
  | "invalid_json"
  | "invalid_request"
  | "invalid_cursor"
  | "unauthorized"
  | "budget_exceeded"
  | "forbidden"
  | "invalid_signature"
  | "callback_unverified"
  | "callback_stale"
  | "callback_replayed"
  | "not_found"
  | "job_not_found"
  | "model_not_found"
  | "upload_not_found"
  | "delivery_not_found"
  | "preset_not_found"
  | "style_not_found"
  | "category_not_found"
  | "method_not_allowed"
  | "idempotency_conflict"
  | "job_not_finished"
  | "delivery_already_delivered"
  | "name_taken"
  | "read_only"
  | "in_use"
  | "model_retired"
  | "video_purged"
  | "payload_too_large"
  | "unsupported_media_type"
  | "range_not_satisfiable"
  | "validation_failed"
  | "invalid_image"
  | "unsafe_url"
  | "image_fetch_failed"
  | "model_unavailable"
  | "limit_reached"
  | "rate_limited"
  | "internal_error"
  | "service_unavailable";

/** Error body of every non-2xx answer. Error answers also carry `X-Should-Retry: true|false`. */
export interface ErrorBody {
  error: {
    /** Stable machine-readable code, e.g. `validation_failed`. */
    code: ApiErrorCode;
    /** Human-readable explanation of what is wrong and what is allowed. */
    message: string;
    /** Individual problems, for validation errors. */
    issues?: ValidationIssue[];
    /** The budget figures, for `budget_exceeded`. */
    budget?: BudgetFigures;
  };
}

/** A tenant's monthly budget and what is used of it, as a refused create reports them. */
export interface BudgetFigures {
  /** The budget period, a calendar month in UTC, e.g. `2026-12`. */
  period: string;
  /** The tenant's budget for the period, in US dollars. */
  budgetUsd: number;
  /** Settled spend of the period's finished jobs. */
  spentUsd: number;
  /** Reserved by the period's jobs still queued or running. */
  reservedUsd: number;
  /** What the refused request would have reserved. */
  requestUsd: number;
  /** What is left: `budgetUsd − spentUsd − reservedUsd`, never below zero. */
  remainingUsd: number;
}

/** One model's charges in one period. */
export interface UsageModelLine {
  /** The model id. */
  model: string;
  /** Jobs created in the period on this model. */
  jobs: number;
  /** Seconds of video charged for (succeeded jobs). */
  seconds: number;
  /** Settled spend, in US dollars: price per second × the real duration of each succeeded job. */
  spentUsd: number;
  /** Reserved by jobs still queued or running, in US dollars. */
  reservedUsd: number;
}

/** One calendar month (UTC) of a tenant's usage. */
export interface UsagePeriod {
  /** The month, e.g. `2026-12`. */
  period: string;
  /** Jobs created in the month. */
  jobs: number;
  /** Seconds of video charged for. */
  seconds: number;
  /** Settled spend, in US dollars. */
  spentUsd: number;
  /** Reserved by unfinished jobs, in US dollars. */
  reservedUsd: number;
  /** The same per model, by model id. */
  models: UsageModelLine[];
}

/** `GET /api/v1/usage`: a tenant's spend per model and month, with its limits. */
export interface UsageReport {
  object: "usage";
  /** The caller's tenant. */
  tenant: string;
  /** The first and last month reported, `YYYY-MM`. */
  from: string;
  to: string;
  /** The current month against the monthly budget; `budgetUsd` and `remainingUsd` are null without a budget. */
  budget: {
    period: string;
    budgetUsd: number | null;
    spentUsd: number;
    reservedUsd: number;
    remainingUsd: number | null;
  };
  /** The tenant's limits; null fields have no limit. */
  limits: {
    /** Requests per window, bursting up to the same count. */
    rate: { requests: number; windowSeconds: number } | null;
    /** Jobs running upstream at once; more wait in the queue. */
    maxRunningJobs: number | null;
    /** Spend allowed per calendar month (UTC), in US dollars. */
    monthlyBudgetUsd: number | null;
  };
  /** Every month of the range that has charges, oldest first. */
  periods: UsagePeriod[];
}

/** Lifecycle of a model. */
export interface ModelLifecycle {
  /** `active`, `deprecated` (still works, going away) or `retired` (no longer accepted). */
  status: "active" | "deprecated" | "retired";
  /** Date of the last change of status, `YYYY-MM-DD`, when known. */
  since?: string;
  /** Model id to use instead, when there is one. */
  replacement?: string;
  /** Extra explanation. */
  note?: string;
}

/** Which inputs a model takes. */
export interface ModelInputs {
  /** Text-to-video (prompt only). */
  text: boolean;
  /** An image used as the first frame. */
  firstFrame: boolean;
  /** An image used as the last frame. */
  lastFrame: boolean;
  /** Reference images. */
  references: boolean;
}

/** A cross-field rule: when every `when` field matches, the fields named in `allow` are limited to its values. */
export interface ModelConstraint {
  /** Conditions that all have to hold for the rule to apply. */
  when: {
    resolution?: Resolution[];
    durationSeconds?: number[];
    aspectRatio?: AspectRatio[];
    audio?: boolean;
  };
  /** Values allowed while the rule applies. */
  allow: {
    resolution?: Resolution[];
    durationSeconds?: number[];
    aspectRatio?: AspectRatio[];
    audio?: boolean;
  };
  /** Why the rule exists, shown with the issue. */
  reason: string;
}

/** A model as `GET /api/v1/models` returns it. */
export interface ModelView {
  /** Catalog id, `<provider>/<vendor model id>`. */
  id: string;
  /** Always `model`. */
  object: "model";
  /** Provider that runs it. */
  provider: ProviderId;
  /** The provider's own model id. */
  vendorModelId: string;
  /** Display name. */
  label: string;
  /** Lifecycle status. */
  lifecycle: ModelLifecycle;
  /** Inputs it accepts. */
  inputs: ModelInputs;
  /** Allowed durations in seconds. */
  durationsSeconds: number[];
  /** Allowed aspect ratios. */
  aspectRatios: AspectRatio[];
  /** Allowed resolutions. */
  resolutions: Resolution[];
  /** `none`: no soundtrack; `optional`: on request; `always`: every video has one. */
  audio: "none" | "optional" | "always";
  /** Whether a seed is accepted. */
  seed: boolean;
  /** Whether a negative prompt is accepted. */
  negativePrompt: boolean;
  /**
   * The `providerOptions` this model takes, each with the values it may have, e.g. Veo's
   * `{ personGeneration: ["allow_all", "allow_adult", "dont_allow"] }`; empty when it takes none.
   */
  providerOptions: Record<string, string[]>;
  /** Longest prompt accepted, in characters. */
  promptMaxLength: number;
  /** Values used when the request leaves a field out. */
  defaults: {
    durationSeconds: number;
    aspectRatio: AspectRatio;
    resolution: Resolution;
    audio: boolean;
  };
  /** Cross-field rules. */
  constraints: ModelConstraint[];
  /** Price in US dollars per generated second (list price; the provider's bill is the truth). */
  pricePerSecondUsd: number;
  /** Typical time from submit to finished video, in seconds. */
  typicalRenderSeconds: number;
  /** Whether this server can run the model now. */
  available: boolean;
  /** Why not, when `available` is false. */
  unavailableReason: string | null;
}

/** Answer of `GET /api/v1/models`. */
export interface ModelList {
  /** Always `list`. */
  object: "list";
  /** Every model in the catalog. */
  data: ModelView[];
}

/** An uploaded image, as `POST /api/v1/uploads` and `GET /api/v1/uploads/:id` return it. */
export interface UploadView {
  /** Upload id, `upl_…`; pass it as `{ "uploadId": … }` in `image` or `lastFrame`. */
  id: string;
  /** Always `upload`. */
  object: "upload";
  /** MIME type of the stored image (sniffed from its bytes, never taken from the name). */
  mediaType: string;
  /** Width in pixels, upright (after EXIF rotation). */
  width: number;
  /** Height in pixels, upright. */
  height: number;
  /** Size of the stored image in bytes. */
  sizeBytes: number;
  /** SHA-256 of the bytes as uploaded, hex; the same bytes always give the same upload. */
  sha256: string;
  /** Upload time, ISO 8601. */
  createdAt: string;
}

/**
 * What a webhook reports: `job.running` (the provider started), `job.progress` (progress or ETA
 * moved; at most one per job per progress interval, never after the terminal event), and the
 * terminal `job.succeeded`, `job.failed` and `job.cancelled`.
 */
export type WebhookEventType = "job.running" | "job.progress" | "job.succeeded" | "job.failed" | "job.cancelled";

/**
 * The JSON body of every webhook request (Standard Webhooks). The request carries `webhook-id`
 * (the same on every retry of one delivery: dedupe on it), `webhook-timestamp` (Unix seconds of
 * the attempt) and `webhook-signature` (`v1,<base64 HMAC-SHA256>`).
 */
export interface WebhookEvent {
  /** What happened. */
  type: WebhookEventType;
  /** When the job changed, ISO 8601. */
  timestamp: string;
  /** The job right after the change, as `GET /api/v1/jobs/{id}` returns it. */
  data: JobView;
}

/** `pending`: not delivered yet, attempts go on; `delivered`: a 2xx answer; `dead`: every attempt failed. */
export type WebhookDeliveryStatus = "pending" | "delivered" | "dead";

/** One webhook event on its way to one URL, with its delivery log. */
export interface WebhookDeliveryView {
  /** Delivery id, `msg_…`: the `webhook-id` header of every attempt. */
  id: string;
  /** Always `webhook_delivery`. */
  object: "webhook_delivery";
  /** The job the event is about. */
  jobId: string;
  /** Where it is sent. Configured endpoints are shown without credentials, query or fragment. */
  url: string;
  /** The event sent. */
  eventType: WebhookEventType;
  /** Where the delivery stands. */
  status: WebhookDeliveryStatus;
  /** Attempts made so far. */
  attempts: number;
  /** When the next attempt is due, ISO 8601; null once delivered or dead. */
  nextAttemptAt: string | null;
  /** HTTP status of the last answer; null before any attempt or when the last one got no answer. */
  lastStatus: number | null;
  /** Why the last attempt failed (HTTP status, network error, timeout); null after a success. */
  lastError: string | null;
  /** When the last attempt was made, ISO 8601; null before the first. */
  lastAttemptAt: string | null;
  /** When the delivery was created, ISO 8601. */
  createdAt: string;
  /** When a 2xx answer arrived, ISO 8601; null until then. */
  deliveredAt: string | null;
}

/** One page of webhook deliveries, newest first. */
export interface WebhookDeliveryList {
  /** Always `list`. */
  object: "list";
  /** Deliveries on this page. */
  data: WebhookDeliveryView[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}
