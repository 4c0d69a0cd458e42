import type { JobStatus, Progress } from "@reelay/client";

/*
 * Wording shared by the server-rendered pages and the browser scripts, so that a value reads the
 * same wherever it appears.
 */

const usd = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 3,
});

/** A price in US dollars; zero reads "free". */
export function formatUsd(amount: number): string {
  return amount === 0 ? "free" : usd.format(amount);
}

/** A length of time: "45 s", "2 min 5 s". */
export function formatSeconds(seconds: number): string {
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  const rest = whole % 60;
  return `${Math.floor(whole / 60)} min${rest === 0 ? "" : ` ${rest} s`}`;
}

/** A file size: "830 B", "120 KB", "3.4 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A moment in the reader's locale. */
export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

const STATUS_LABELS: Record<JobStatus, string> = {
  queued: "Queued",
  running: "Generating",
  succeeded: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** A job status in words. */
export function statusLabel(status: JobStatus): string {
  return STATUS_LABELS[status];
}

/** Progress as a whole percentage, never 100 before the provider says done. */
export function percentOf(progress: Progress | null): number {
  if (progress === null) return 0;
  const percent = Math.floor(progress.value * 100);
  return progress.value < 1 ? Math.min(99, percent) : 100;
}

/** What the ETA is and where it comes from. */
export function etaText(progress: Progress | null): string {
  if (progress === null || progress.etaSeconds === null) return "Time left: not known yet.";
  const source = progress.source === "provider" ? "reported by the provider" : "estimated by Reelay from past renders";
  const left = progress.etaSeconds === 0 ? "Almost done" : `About ${formatSeconds(progress.etaSeconds)} left`;
  return `${left} (${source}).`;
}
