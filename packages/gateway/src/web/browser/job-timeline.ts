import type { JobEvent, JobView } from "@reelay/client";
import { element } from "./dom.ts";
import { formatTime, percentOf, statusLabel } from "./format.ts";

/** The story of a job told from its events: status changes, progress, warnings, the end. */
export interface Timeline {
  add(event: JobEvent): void;
}

function entry(text: string, at: string | null): HTMLLIElement {
  const item = element("li", null, text);
  if (at !== null) {
    const time = element("time", null, formatTime(at));
    time.dateTime = at;
    item.append(time);
  }
  return item;
}

function statusEntry(job: JobView, previous: JobView | undefined): HTMLLIElement {
  if (job.cancelRequestedAt !== null && previous?.cancelRequestedAt == null && job.status !== "cancelled") {
    return entry("Cancel requested", job.cancelRequestedAt);
  }
  if (job.status === "queued") return entry("Queued", job.createdAt);
  if (job.status === "running") return entry("Started on the provider", job.startedAt);
  const reason = job.failure === null ? "" : ` (${job.failure.code})`;
  return entry(`${statusLabel(job.status)}${reason}`, job.finishedAt);
}

/** Fills `list` as events arrive; consecutive progress events share one line. */
export function createTimeline(list: HTMLOListElement): Timeline {
  let previous: JobView | undefined;
  let progressLine: HTMLLIElement | undefined;
  return {
    add({ type, job }) {
      if (type === "progress") {
        const text = `Progress ${percentOf(job.progress)}%, ${job.progress?.source === "provider" ? "reported by the provider" : "estimated"}`;
        if (progressLine === undefined) {
          progressLine = entry(text, null);
          list.append(progressLine);
        } else {
          progressLine.textContent = text;
        }
      } else {
        progressLine = undefined;
        const fresh = job.warnings.slice(previous?.warnings.length ?? 0);
        if (type === "warnings") list.append(...fresh.map((warning) => entry(`Warning: ${warning.message}`, null)));
        else if (type !== "snapshot") list.append(statusEntry(job, previous));
      }
      previous = job;
    },
  };
}
