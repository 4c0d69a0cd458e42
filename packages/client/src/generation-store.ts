import { JobFailedError, ReelayApiError } from "./errors.ts";
import type { TaskStatus } from "./task-status.ts";
import type {
  ImageToVideoParams,
  PollOptions,
  TextToVideoParams,
  VideoGenerationService,
  VideoTask,
} from "./video-generation-service.ts";

/** What a generation screen shows. Every change produces a new, frozen object. */
export interface GenerationState {
  /** Whether a generation is being started or waited for. */
  isGenerating: boolean;
  /** Fraction done, 0–1; never goes down during a generation. */
  progress: number;
  /** Seconds until the video is expected; null when unknown. */
  etaSeconds: number | null;
  /** URL of the finished video (see `TaskStatus.videoUrl`); null until a generation succeeded. */
  videoUrl: string | null;
  /** Why the last generation did not produce a video (`job_failed` when the job itself failed); null otherwise. */
  error: ReelayApiError | null;
  /** The generation being waited for or last finished; null before its job exists. */
  task: VideoTask | null;
  /** The last known task status; set when the generation ends or is cancelled. */
  status: TaskStatus | null;
}

/** Options of {@link createGenerationStore}. */
export interface GenerationStoreOptions {
  /** Poll options for every generation; a call's own poll options override them field by field. */
  pollOptions?: Omit<PollOptions, "signal" | "onProgress">;
}

/** Framework-agnostic state of one generation at a time, like the original app's view model. */
export interface GenerationStore {
  /** The current state; the same object until something changes. */
  getState(): GenerationState;
  /** Calls `listener` after every change; returns the function that stops it. Fits React's `useSyncExternalStore`. */
  subscribe(listener: (state: GenerationState) => void): () => void;
  /** Starts a text-to-video generation and follows it; resolves with its final status, or null on error. Never rejects. */
  generateFromText(params: TextToVideoParams, pollOptions?: PollOptions): Promise<TaskStatus | null>;
  /** Starts an image-to-video generation and follows it; resolves with its final status, or null on error. Never rejects. */
  generateFromImage(params: ImageToVideoParams, pollOptions?: PollOptions): Promise<TaskStatus | null>;
  /** Stops following the current generation and cancels its job on the server. Never rejects. */
  cancel(): Promise<void>;
  /** Stops following the current generation (its job keeps running) and clears the state. */
  reset(): void;
}

const INITIAL_STATE: GenerationState = Object.freeze({
  isGenerating: false,
  progress: 0,
  etaSeconds: null,
  videoUrl: null,
  error: null,
  task: null,
  status: null,
});

/** One generation the store follows: the create in flight or done, and what stops waiting for it. */
interface Run {
  controller: AbortController;
  created: Promise<VideoTask>;
}

/** Creates a store that drives `service` and reports its progress as immutable state. */
export function createGenerationStore(
  service: VideoGenerationService,
  options: GenerationStoreOptions = {},
): GenerationStore {
  let state = INITIAL_STATE;
  let current: Run | undefined;
  const listeners = new Set<(state: GenerationState) => void>();

  function update(patch: Partial<GenerationState>): void {
    state = Object.freeze({ ...state, ...patch });
    for (const listener of listeners) listener(state);
  }

  async function generate(create: () => Promise<VideoTask>, pollOptions: PollOptions = {}): Promise<TaskStatus | null> {
    // A new generation replaces the one on screen: stop waiting for the old one, but leave its job alone.
    current?.controller.abort();
    const controller = new AbortController();
    const callerSignal = pollOptions.signal;
    const forwardAbort = () => controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) forwardAbort();
    callerSignal?.addEventListener("abort", forwardAbort, { once: true });
    const run: Run = { controller, created: create() };
    current = run;
    update({ ...INITIAL_STATE, isGenerating: true });
    try {
      const task = await run.created;
      if (current !== run) return null;
      update({ task });
      const status = await service.pollTaskUntilComplete(task, {
        ...options.pollOptions,
        ...pollOptions,
        signal: controller.signal,
        onProgress: (progress, etaSeconds) => {
          pollOptions.onProgress?.(progress, etaSeconds);
          if (current === run) update({ progress, etaSeconds });
        },
      });
      if (current !== run) return null;
      current = undefined;
      if (status.status === "succeeded") {
        update({ isGenerating: false, progress: 1, etaSeconds: 0, videoUrl: status.videoUrl, status });
      } else {
        update({ isGenerating: false, etaSeconds: null, status, error: new JobFailedError(status.job) });
      }
      return status;
    } catch (error) {
      if (current !== run) return null;
      current = undefined;
      update({ isGenerating: false, etaSeconds: null, error: asReelayError(error) });
      return null;
    } finally {
      callerSignal?.removeEventListener("abort", forwardAbort);
    }
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    generateFromText: (params, pollOptions) => generate(() => service.generateVideoFromText(params), pollOptions),
    generateFromImage: (params, pollOptions) => generate(() => service.generateVideoFromImage(params), pollOptions),
    async cancel() {
      const run = current;
      if (run === undefined) return;
      current = undefined;
      run.controller.abort();
      update({ isGenerating: false, etaSeconds: null });
      // A reset or a new generation while the cancel is under way owns the state from then on.
      const stopped = state;
      try {
        // A create still in flight may already have made the job, so it is awaited and then cancelled.
        const task = await run.created;
        const status = await service.cancelTask(task);
        if (state === stopped) update({ task, status });
      } catch (error) {
        if (state === stopped) update({ error: asReelayError(error) });
      }
    },
    reset() {
      current?.controller.abort();
      current = undefined;
      update(INITIAL_STATE);
    },
  };
}

/**
 * The state holds only `ReelayApiError`s; anything else (a throwing `onProgress` callback, say) is
 * wrapped so the screen can still show a message.
 */
function asReelayError(error: unknown): ReelayApiError {
  if (error instanceof ReelayApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ReelayApiError({ status: 0, code: "internal_error", message, cause: error });
}
