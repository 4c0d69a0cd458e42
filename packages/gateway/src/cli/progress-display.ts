import cliProgress from "cli-progress";
import { TERMINAL_STATUSES, type JobView } from "@reelay/client";

/** ", about N s left (estimated)" while the job is unfinished and Reelay has an ETA; empty otherwise. */
function remainingText(job: JobView): string {
  const progress = job.progress;
  if (progress === null || progress.etaSeconds === null || TERMINAL_STATUSES.includes(job.status)) return "";
  return `, about ${progress.etaSeconds} s left${progress.source === "estimated" ? " (estimated)" : ""}`;
}

/** Percent done; a finished video is 100 % whatever the last figure was. */
function percentDone(job: JobView): number {
  if (job.status === "succeeded") return 100;
  return Math.min(100, Math.floor((job.progress?.value ?? 0) * 100));
}

export interface ProgressDisplay {
  update(job: JobView): void;
  stop(): void;
}

/**
 * Shows a job's progress on stderr (stdout stays clean for `--json`): a bar on a terminal, a line
 * per status change or 10 % step otherwise, so logs of scripted runs stay readable. The figure never
 * goes down: a revised estimate would otherwise make the bar jump back.
 */
export function createProgressDisplay(stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  let highest = 0;
  const advance = (job: JobView) => {
    highest = Math.max(highest, percentDone(job));
    return highest;
  };
  if (stream.isTTY) {
    // `remaining` must not be called `eta`: cli-progress fills `{eta}` with its own guess and ignores the
    // payload. The ETA comes before the elapsed time and the bar is 30 wide so that on an 80-column
    // terminal (cli-progress turns line wrapping off) only the elapsed time can be cut off.
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: "{bar} {percentage}% | {status}{remaining} | {duration}s elapsed",
        barsize: 30,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(job) {
        const payload = { status: job.status, remaining: remainingText(job) };
        const value = advance(job);
        if (started) bar.update(value, payload);
        else {
          bar.start(100, value, payload);
          started = true;
        }
      },
      stop: () => bar.stop(),
    };
  }
  let last = "";
  return {
    update(job) {
      const step = `${job.status} ${Math.floor(advance(job) / 10) * 10}%`;
      // The ETA rides along but does not cause a line.
      if (step !== last) stream.write(`${step}${remainingText(job)}\n`);
      last = step;
    },
    stop: () => undefined,
  };
}
