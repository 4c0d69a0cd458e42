import cliProgress from "cli-progress";
import type { JobView } from "@reelay/client";

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
      { stream, format: "{bar} {percentage}% | {status} | {elapsed}s", hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    const startedAt = Date.now();
    let started = false;
    return {
      update(job) {
        const payload = { status: job.status, elapsed: Math.round((Date.now() - startedAt) / 1000) };
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
      const line = `${job.status} ${percent}%`;
      if (line !== last) stream.write(`${line}\n`);
      last = line;
    },
    stop: () => undefined,
  };
}
