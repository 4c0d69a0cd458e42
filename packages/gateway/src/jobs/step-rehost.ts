import { OutputDownloadError } from "../core/errors.ts";
import type { ProviderOutput } from "../core/types.ts";
import type { StepContext } from "./step-context.ts";
import { downloadFailureCode } from "./step-outcomes.ts";

/** Downloads the finished video into Reelay's media store; the job succeeds once it is stored. */
export async function rehost(step: StepContext, outputs: ProviderOutput[]): Promise<void> {
  const { job, deps, adapter, log } = step;
  const { clock } = deps;
  try {
    const authorized = adapter.authorizeDownload
      ? outputs.map((output) => adapter.authorizeDownload?.(output) ?? output)
      : outputs;
    const stages = { downloadedAt: 0, thumbnailedAt: 0, placeholderThumbnail: false };
    const video = await step.call("download", (_context, watch) =>
      deps.rehoster.rehost(job.id, authorized, {
        request: watch,
        downloaded: () => {
          stages.downloadedAt = clock.now();
        },
        thumbnailed: (placeholder) => {
          stages.thumbnailedAt = clock.now();
          stages.placeholderThumbnail = placeholder;
        },
      }),
    );
    await step.telemetry.stored({ video, ...stages });
    log.info({ sizeBytes: video.sizeBytes, durationSeconds: video.durationSeconds }, "job succeeded");
    // From submit to a stored video: what callers wait for, so what the next ETA should say.
    if (job.startedAt !== null) {
      await deps.renderHistory.record(step.renderKey, (clock.now() - job.startedAt) / 1000, clock.now());
    }
    await step.finish({
      status: "succeeded",
      video,
      progress: 1,
      progressSource: job.progressSource ?? "provider",
      attempts: 0,
      rateLimits: 0,
    });
  } catch (error) {
    log.warn({ err: error }, "video download failed");
    // Never regenerate: only the download is retried (DESIGN.md §5.4).
    const attempts = job.attempts + 1;
    const retryable = error instanceof OutputDownloadError ? error.retryable : true;
    if (!retryable || attempts >= deps.maxDownloadAttempts) {
      await step.fail({
        code: downloadFailureCode(error),
        message: `The video was generated but could not be stored: ${error instanceof Error ? error.message : String(error)}`,
      });
      return;
    }
    await step.retryLater(attempts, undefined, { attempts });
  }
}
