import { createHash, randomUUID } from "node:crypto";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { ProviderCallError } from "../../core/errors.ts";
import type { NormalizedRequest, ProviderTask } from "../../core/types.ts";
import type { PollResult, ProviderAdapter } from "../provider.ts";
import type { LocalTask, RenderImagePaths, RenderPlan } from "./api.ts";
import { fileExists } from "./files.ts";
import { findMissingImage, imagePathsFor, parseImagePaths } from "./image-inputs.ts";
import { planRender, UnrenderableRequestError } from "./map-request.ts";
import { mapRenderState, RUNNING_POLL_AFTER_MS, type RenderState } from "./map-status.ts";
import { createRenderPool, createSignal } from "./render-pool.ts";
import { sweepOldFiles } from "../shared/sweep-old-files.ts";
import { foreignTask } from "../shared/adapter-errors.ts";

export { localModels } from "./models.ts";
export type { LocalTask, RenderImagePaths } from "./api.ts";

export interface LocalProviderOptions {
  /** Where finished MP4s (and partial ones while rendering) are written. */
  outputDir: string;
  /** Most renders at once; each uses one worker thread. */
  concurrency: number;
  /** Worker entry override (tests); defaults to the sibling render worker. */
  workerUrl?: URL;
  /**
   * Told when a render ended (its render id, the task's `upstreamId`), as a provider's callback
   * would be: the job can be polled at once instead of at its next poll.
   */
  onRenderEnded?: (renderId: string) => void;
}

/** Render files older than this are left-overs: finished ones were re-hosted long ago. */
const STALE_RENDER_MS = 6 * 3_600_000;
const SWEEP_INTERVAL_MS = 3_600_000;

/** One render this process knows about. Renders live in memory; the task lives on the job. */
interface RenderEntry {
  state: RenderState;
  /** The file being written, deleted unless renamed to the output. */
  tempPath: string | null;
  /** Resolves when the render ended and its files were moved or deleted. */
  settled: Promise<void>;
}

const RENDER_ID_PATTERN = /^[A-Za-z0-9_-]{1,120}$/;

/**
 * The render id is derived from the job id, so a repeated `start` of one job finds the same render
 * (or its finished file) instead of starting a second one: that is what makes starts idempotent.
 * The digest keeps ids distinct after unsafe characters are replaced.
 */
export function renderIdFor(jobId: string): string {
  const readable = jobId.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64);
  const digest = createHash("sha256").update(jobId).digest("hex").slice(0, 12);
  return `${readable}-${digest}`;
}

interface ParsedTask {
  renderId: string;
  request: NormalizedRequest;
  images: RenderImagePaths | undefined;
}

/** Reads a persisted task leniently; null when it is not one of ours. */
function parseTask(task: ProviderTask): ParsedTask | null {
  const { renderId, request } = task;
  if (typeof renderId !== "string" || !RENDER_ID_PATTERN.test(renderId)) return null;
  if (typeof request !== "object" || request === null) return null;
  // Tasks written before image-to-video have no `images`: they are text-to-video.
  const images = parseImagePaths(task.images);
  if (images === null) return null;
  return { renderId, request: request as NormalizedRequest, images };
}

async function removeQuietly(path: string | null): Promise<void> {
  if (path) await rm(path, { force: true }).catch(() => undefined);
}

function closedError(): ProviderCallError {
  return new ProviderCallError("The local renderer is shutting down.", {
    kind: "unavailable",
    retryable: true,
    delivery: "not_sent",
  });
}

/** A render that cannot be redone because its input image was deleted since `start`. */
function imageGone(which: string): PollResult {
  return {
    state: "failed",
    failure: {
      code: "provider_error",
      message: `The input image (${which}) is gone from media storage, so the interrupted render cannot be redone. Create the job again.`,
    },
  };
}

/** Reelay's built-in provider: renders a real MP4 on this machine, in worker threads. */
export function createLocalProvider(options: LocalProviderOptions): ProviderAdapter {
  const pool = createRenderPool({
    concurrency: options.concurrency,
    ...(options.workerUrl ? { workerUrl: options.workerUrl } : {}),
  });
  const entries = new Map<string, RenderEntry>();
  let closed = false;
  const sweep = () =>
    void sweepOldFiles(options.outputDir, STALE_RENDER_MS, Date.now(), (name) => name.endsWith(".mp4")).catch(
      () => undefined,
    );
  sweep();
  const sweeper = setInterval(sweep, SWEEP_INTERVAL_MS);
  sweeper.unref();

  // Paths come from the validated render id and our own directory, never from the stored task,
  // so a tampered task cannot make `cancel` delete files elsewhere.
  const outputPathFor = (renderId: string): string => join(options.outputDir, `${renderId}.mp4`);

  function enqueue(renderId: string, plan: RenderPlan): RenderEntry {
    const outputPath = outputPathFor(renderId);
    // A unique temp name per attempt: two processes rendering the same job never share a file,
    // and the final name only ever appears complete (rename is atomic).
    const tempPath = join(options.outputDir, `${renderId}.${randomUUID().slice(0, 8)}.partial.mp4`);
    const { promise: settled, resolve: markSettled } = createSignal();
    const entry: RenderEntry = { state: { phase: "queued" }, tempPath, settled };
    entries.set(renderId, entry);
    // A function, not a narrowed property read: `cancel` may change the state across an await.
    const cancelled = (): boolean => entry.state.phase === "cancelled";
    const end = async (state: RenderState, keepOutput: boolean): Promise<void> => {
      try {
        if (keepOutput && !cancelled()) await rename(tempPath, outputPath);
        if (!cancelled()) entry.state = state;
      } catch (error) {
        entry.state = { phase: "failed", message: `could not store the video: ${String(error)}` };
      } finally {
        await removeQuietly(tempPath);
        markSettled();
        options.onRenderEnded?.(renderId);
      }
    };
    pool.submit(
      { renderId, plan, tempPath },
      {
        onStart: () => {
          if (entry.state.phase === "queued") {
            entry.state = { phase: "running", framesDone: 0, frameCount: plan.frameCount };
          }
        },
        onProgress: (framesDone, frameCount) => {
          if (entry.state.phase === "running") entry.state = { phase: "running", framesDone, frameCount };
        },
        onDone: () => void end({ phase: "succeeded" }, true),
        onFailed: (message) => void end({ phase: "failed", message }, false),
        onCancelled: () => void end({ phase: "cancelled" }, false),
      },
    );
    return entry;
  }

  /** Starts a render unless one is live or its file is already complete; returns its state. */
  async function ensureRender(renderId: string, plan: RenderPlan): Promise<RenderState> {
    const live = entries.get(renderId);
    if (live && live.state.phase !== "failed" && live.state.phase !== "cancelled") return live.state;
    await mkdir(options.outputDir, { recursive: true });
    if (await fileExists(outputPathFor(renderId))) return { phase: "succeeded" };
    // Re-check after the awaits: a concurrent call may have enqueued meanwhile.
    const raced = entries.get(renderId);
    if (raced && raced !== live) return raced.state;
    return enqueue(renderId, plan).state;
  }

  return {
    id: "local",
    idempotentStart: true,
    unavailableReason: () => null,

    async start(request, context) {
      if (closed) throw closedError();
      const images = imagePathsFor(request, context.images);
      let plan: RenderPlan;
      try {
        plan = planRender(request, images);
      } catch (error) {
        if (!(error instanceof UnrenderableRequestError)) throw error;
        throw new ProviderCallError(error.message, {
          kind: "bad_request",
          retryable: false,
          delivery: "answered",
        });
      }
      const renderId = renderIdFor(context.jobId);
      await ensureRender(renderId, plan);
      const task: LocalTask = { renderId, outputPath: outputPathFor(renderId), request, ...(images ? { images } : {}) };
      return {
        task: task as unknown as ProviderTask,
        warnings: [],
        pollAfterMs: RUNNING_POLL_AFTER_MS,
      };
    },

    async poll(task) {
      if (closed) throw closedError();
      const parsed = parseTask(task);
      if (!parsed) return foreignTask("a local render task");
      const outputPath = outputPathFor(parsed.renderId);
      const entry = entries.get(parsed.renderId);
      if (entry) {
        // Once succeeded, the file speaks for itself; forget the entry so memory stays flat.
        if (entry.state.phase === "succeeded") entries.delete(parsed.renderId);
        return mapRenderState(entry.state, outputPath);
      }
      // Unknown here (this process restarted, or another one started it). A complete file means
      // done; otherwise render again from frame 0 — it is free and deterministic.
      if (await fileExists(outputPath)) return mapRenderState({ phase: "succeeded" }, outputPath);
      let plan: RenderPlan;
      try {
        plan = planRender(parsed.request, parsed.images);
      } catch {
        return foreignTask("a local render task");
      }
      const missing = await findMissingImage(parsed.images);
      if (missing) return imageGone(missing);
      return mapRenderState(await ensureRender(parsed.renderId, plan), outputPath);
    },

    async cancel(task) {
      const parsed = parseTask(task);
      if (!parsed) return { upstream: "not_cancellable", reason: "not a local render task" };
      const entry = entries.get(parsed.renderId);
      if (entry) {
        entry.state = { phase: "cancelled" };
        await pool.cancel(parsed.renderId);
        await entry.settled;
        await removeQuietly(entry.tempPath);
      } else {
        // Remember the cancel, so a late poll answers `cancelled` instead of rendering again.
        entries.set(parsed.renderId, {
          state: { phase: "cancelled" },
          tempPath: null,
          settled: Promise.resolve(),
        });
      }
      await removeQuietly(outputPathFor(parsed.renderId));
      return { upstream: "cancelled" };
    },

    upstreamId: (task) => parseTask(task)?.renderId ?? null,

    async close() {
      closed = true;
      clearInterval(sweeper);
      await pool.close();
      await Promise.all([...entries.values()].map((entry) => entry.settled));
    },
  };
}
