import { Reelay, type ReelayOptions } from "./client.ts";
import { type ImageSource, toImageInput } from "./image-source.ts";
import { resolveModel } from "./resolve-model.ts";
import { type TaskStatus, toTaskStatus } from "./task-status.ts";
import type { AspectRatio, CreateJobRequest, JobView, ModelView, ProviderId, Resolution } from "./wire.ts";

/** What every generation takes besides its inputs. Give exactly one of `model` and `provider`. */
export interface GenerationParams {
  /** Catalog model id, e.g. `local/preview`. */
  model?: string;
  /** A provider; its first available, active model that supports the mode is used. */
  provider?: ProviderId;
  /** Frame shape; one of the model's aspect ratios. */
  aspectRatio?: AspectRatio;
  /** Length of the video in seconds; one of the model's durations. */
  duration?: number;
  /** Output resolution; one of the model's resolutions. */
  resolution?: Resolution;
  /** What the video should avoid; only for models that take one. */
  negativePrompt?: string;
  /** Seed for reproducible output; only for models that take one. */
  seed?: number;
  /** Whether to generate a soundtrack; only for models that can. */
  audio?: boolean;
  /** Provider-specific options, passed through to the provider's adapter. */
  providerOptions?: Record<string, unknown>;
  /** Free-form caller data kept on the job. */
  metadata?: Record<string, string>;
  /** Key that makes the create safe to repeat; a random one per call by default. */
  idempotencyKey?: string;
  /** Ends the call with code `aborted`. */
  signal?: AbortSignal;
}

/** A text-to-video generation. */
export interface TextToVideoParams extends GenerationParams {
  /** What the video should show. */
  prompt: string;
}

/** An image-to-video generation. */
export interface ImageToVideoParams extends GenerationParams {
  /** What the video should show; some models animate the image without one. */
  prompt?: string;
  /** The first frame: bytes or a Blob (uploaded first), a URL, a `data:` URI, or an upload id (`upl_…`). */
  image: ImageSource;
  /** The last frame, for models that take one; same forms as `image`. */
  lastFrame?: ImageSource;
}

/** A started generation. */
export interface VideoTask {
  /** Job id, `job_…`. */
  id: string;
  /** Catalog model id the job runs on. */
  model: string;
  /** Creation time, ISO 8601. */
  createdAt: string;
  /** The job as it was created. */
  job: JobView;
}

/** Options of `pollTaskUntilComplete`. */
export interface PollOptions {
  /** Time between polls when polling and the server gave no hint, in milliseconds; 3000 by default. */
  pollInterval?: number;
  /** Longest time to wait, in milliseconds; 300 000 by default. */
  timeout?: number;
  /** Called when progress (0–1, never lower than before) or the ETA in seconds changes. */
  onProgress?(progress: number, etaSeconds: number | null): void;
  /** Ends the wait with code `aborted` (the job keeps running). */
  signal?: AbortSignal;
  /** Cancel the job when the timeout passes, instead of leaving it running. */
  cancelOnTimeout?: boolean;
}

/** The original app's `VideoGenerationService`, over Reelay. */
export interface VideoGenerationService {
  /** Starts a text-to-video generation. */
  generateVideoFromText(params: TextToVideoParams): Promise<VideoTask>;
  /** Starts an image-to-video generation, uploading image bytes first. */
  generateVideoFromImage(params: ImageToVideoParams): Promise<VideoTask>;
  /** The task's state now. */
  checkTaskStatus(task: VideoTask | string, options?: { signal?: AbortSignal }): Promise<TaskStatus>;
  /**
   * Resolves once the task is complete: succeeded, or failed/cancelled with `failure` set (those do
   * not throw). Throws `WaitTimeoutError` after `timeout`.
   */
  pollTaskUntilComplete(task: VideoTask | string, options?: PollOptions): Promise<TaskStatus>;
  /** Requests cancellation; the status reaches `cancelled` once the provider has stopped. */
  cancelTask(task: VideoTask | string, options?: { signal?: AbortSignal }): Promise<TaskStatus>;
  /** The finished video as a streaming response. */
  downloadVideo(task: VideoTask | string, options?: { signal?: AbortSignal }): Promise<Response>;
  /** Every model in the catalog. */
  listModels(options?: { signal?: AbortSignal }): Promise<ModelView[]>;
  /** Releases resources; nothing to release over HTTP (the in-process service shares this interface). */
  close(): Promise<void>;
}

const DEFAULT_POLL_TIMEOUT_MS = 300_000;
const DEFAULT_POLL_INTERVAL_MS = 3_000;

/** Creates the service over a new client for `options`, or over an existing `client`. */
export function createVideoGenerationService(options: ReelayOptions | { client: Reelay }): VideoGenerationService {
  const client = "client" in options ? options.client : new Reelay(options);
  const idOf = (task: VideoTask | string) => (typeof task === "string" ? task : task.id);
  const statusOf = (job: JobView) => toTaskStatus(job, client.baseUrl);

  async function create(params: GenerationParams, request: Omit<CreateJobRequest, "model">, model: string) {
    const job = await client.jobs.create(
      {
        ...request,
        model,
        negativePrompt: params.negativePrompt,
        durationSeconds: params.duration,
        aspectRatio: params.aspectRatio,
        resolution: params.resolution,
        seed: params.seed,
        audio: params.audio,
        providerOptions: params.providerOptions,
        metadata: params.metadata,
      },
      { idempotencyKey: params.idempotencyKey, signal: params.signal },
    );
    return { id: job.id, model: job.model, createdAt: job.createdAt, job };
  }

  return {
    async generateVideoFromText(params) {
      const model = await resolveModel(client, params, "text", params.signal);
      return create(params, { prompt: params.prompt }, model);
    },
    async generateVideoFromImage(params) {
      const model = await resolveModel(client, params, "image", params.signal);
      const [image, lastFrame] = await Promise.all([
        toImageInput(client, params.image, "image", params.signal),
        params.lastFrame === undefined ? undefined : toImageInput(client, params.lastFrame, "lastFrame", params.signal),
      ]);
      return create(params, { prompt: params.prompt, image, lastFrame }, model);
    },
    async checkTaskStatus(task, requestOptions = {}) {
      return statusOf(await client.jobs.get(idOf(task), requestOptions));
    },
    async pollTaskUntilComplete(task, pollOptions = {}) {
      const onProgress = pollOptions.onProgress;
      const job = await client.jobs.wait(idOf(task), {
        signal: pollOptions.signal,
        timeoutMs: pollOptions.timeout ?? DEFAULT_POLL_TIMEOUT_MS,
        pollIntervalMs: pollOptions.pollInterval ?? DEFAULT_POLL_INTERVAL_MS,
        cancelOnTimeout: pollOptions.cancelOnTimeout,
        onProgress: onProgress === undefined ? undefined : (progress, etaSeconds) => onProgress(progress, etaSeconds),
      });
      return statusOf(job);
    },
    async cancelTask(task, requestOptions = {}) {
      return statusOf(await client.jobs.cancel(idOf(task), requestOptions));
    },
    downloadVideo(task, requestOptions = {}) {
      return client.jobs.download(idOf(task), "content", requestOptions);
    },
    async listModels(requestOptions = {}) {
      return (await client.models.list(requestOptions)).data;
    },
    close: () => Promise.resolve(),
  };
}
