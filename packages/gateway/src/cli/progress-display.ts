import cliProgress from "cli-progress";
import type { JobView } from "@reelay/client";

/** ", about N s left (estimated)" when Reelay has an ETA; empty otherwise. */
function etaText(job: JobView): string {
  const progress = job.progress;
  if (progress === null || progress.etaSeconds === null || job.status !== "running") return "";
  return `, about ${progress.etaSeconds} s left${progress.source === "estimated" ? " (estimated)" : ""}`;
}

export interface ProgressDisplay {
  update(job: JobView): void;
  stop(): void;
}

/**
 * Shows a job's progress on stderr (stdout stays clean for `--json`): a bar on a terminal, a line
 * per status change or 10 % step otherwise, so logs of scripted runs stay readable.
 */
export function createProgressDisplay(stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: "{bar} {percentage}% | {status} | {elapsed}s elapsed{eta}",
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    const startedAt = Date.now();
    let started = false;
    return {
      update(job) {
        const payload = { status: job.status, elapsed: Math.round((Date.now() - startedAt) / 1000), eta: etaText(job) };
        const value = Math.round((job.progress?.value ?? 0) * 100);
        if (!started) {
          bar.start(100, value, payload);
          started = true;
        } else bar.update(value, payload);
      },
      stop: () => bar.stop(),
    };
  }
  let last = "";
  return {
    update(job) {
      const percent = Math.floor((job.progress?.value ?? 0) * 10) * 10;
      // A line per status change or 10 % step; the ETA rides along but does not cause a line.
      const step = `${job.status} ${percent}%`;
      if (step !== last) stream.write(`${step}${etaText(job)}\n`);
      last = step;
    },
    stop: () => undefined,
  };
}
