import { type JobEvent, type JobView, ReelayApiError, TERMINAL_STATUSES } from "@reelay/client";
import { element, find, messageOf } from "./dom.ts";
import { adviceFor } from "./failure-advice.ts";
import { etaText, percentOf } from "./format.ts";
import { reelay } from "./reelay.ts";

/** Follows one job at a time in the panel rendered by `job-panel.tsx`. */
export interface JobPanel {
  /**
   * Shows the job's changes as they happen until it ends, and resolves with its last view (undefined
   * when it could not be followed). `fromStart` replays the job's whole history first.
   */
  follow(
    jobId: string,
    options?: { fromStart?: boolean; onEvent?: (event: JobEvent) => void },
  ): Promise<JobView | undefined>;
  /** Shows a job as it stands. */
  show(job: JobView): void;
}

export interface JobPanelOptions {
  /** Runs when "Generate again" is pressed, with the job shown. */
  onGenerateAgain(job: JobView): void;
  /**
   * Where the panel is: the generate page links to the job's own page; the job page links back to
   * the generate form, filled in with the job's settings, when the job failed.
   */
  page: "generate" | "job";
}

function statusText(job: JobView): string {
  if (job.cancelRequestedAt !== null && !TERMINAL_STATUSES.includes(job.status)) return "Cancelling…";
  switch (job.status) {
    case "queued":
      return "Queued: waiting for the provider to start.";
    case "running":
      return "Generating your video…";
    case "succeeded":
      return "Done: your video is ready.";
    case "failed":
      return "The video could not be made.";
    case "cancelled":
      return "Cancelled.";
  }
}

export function createJobPanel(root: HTMLElement, options: JobPanelOptions): JobPanel {
  const part = <T extends Element>(role: string, type: abstract new () => T) =>
    find(root, `[data-role="${role}"]`, type);
  const status = part("status", HTMLElement);
  const progressBlock = part("progress-block", HTMLElement);
  const progress = part("progress", HTMLProgressElement);
  const percent = part("percent", HTMLElement);
  const eta = part("eta", HTMLElement);
  const cancel = part("cancel", HTMLButtonElement);
  const result = part("result", HTMLElement);
  const video = part("video", HTMLVideoElement);
  const download = part("download", HTMLAnchorElement);
  const again = part("again", HTMLButtonElement);
  const failure = part("failure", HTMLElement);
  const warnings = part("warnings", HTMLUListElement);
  const jobLink = part("job-link", HTMLElement);
  const retry = part("retry", HTMLElement);
  let shown: JobView | undefined;
  let following: AbortController | undefined;

  function showFailure(job: JobView): void {
    const failed = job.status === "failed" || job.status === "cancelled";
    failure.hidden = !failed;
    if (!failed) return;
    const advice = adviceFor(job.failure);
    part("failure-what", HTMLElement).textContent = advice.what;
    part("failure-change", HTMLElement).textContent = `What to change: ${advice.change}`;
    part("failure-message", HTMLElement).textContent =
      job.failure === null ? "" : `Reelay says: ${job.failure.message}`;
    retry.hidden = options.page !== "job";
    find(retry, "a", HTMLAnchorElement).href = `/?job=${encodeURIComponent(job.id)}`;
  }

  function show(job: JobView): void {
    shown = job;
    root.hidden = false;
    const active = !TERMINAL_STATUSES.includes(job.status);
    status.textContent = statusText(job);
    progressBlock.hidden = !active;
    progress.value = job.progress?.value ?? 0;
    percent.textContent = `${percentOf(job.progress)}%`;
    eta.textContent = etaText(job.progress);
    cancel.hidden = job.cancelRequestedAt !== null;
    result.hidden = job.video === null;
    if (job.video !== null && video.getAttribute("src") !== job.video.url) {
      video.src = job.video.url;
      download.href = job.video.url;
      download.download = `${job.id}.mp4`;
    }
    showFailure(job);
    warnings.replaceChildren(...job.warnings.map((warning) => element("li", null, warning.message)));
    jobLink.hidden = options.page !== "generate";
    find(jobLink, "a", HTMLAnchorElement).href = `/jobs/${encodeURIComponent(job.id)}`;
  }

  // The answer is not shown: the job's events report the cancel, and an answer arriving after the
  // job's last event would show it as still cancelling.
  cancel.addEventListener("click", () => {
    if (shown === undefined) return;
    cancel.disabled = true;
    reelay.jobs
      .cancel(shown.id)
      .catch((error: unknown) => {
        status.textContent = `The job could not be cancelled: ${messageOf(error)}`;
      })
      .finally(() => {
        cancel.disabled = false;
      });
  });
  again.addEventListener("click", () => {
    if (shown !== undefined) options.onGenerateAgain(shown);
  });

  return {
    show,
    async follow(jobId, followOptions = {}) {
      following?.abort();
      const controller = new AbortController();
      following = controller;
      const lastEventId = followOptions.fromStart ? "0" : undefined;
      try {
        for await (const event of reelay.jobs.events(jobId, { signal: controller.signal, lastEventId })) {
          show(event.job);
          followOptions.onEvent?.(event);
        }
        return shown;
      } catch (error) {
        if (controller.signal.aborted) return undefined;
        root.hidden = false;
        status.textContent =
          error instanceof ReelayApiError && error.code === "job_not_found"
            ? `There is no job ${jobId}.`
            : `Lost touch with Reelay (${messageOf(error)}). Reload the page to follow the job again.`;
        return undefined;
      }
    },
  };
}
