import type { JobView } from "@reelay/client";
import { formatBytes, formatSeconds, formatTime } from "./format.ts";

/** Names of the styles and categories, by id. */
export type NameOf = (id: string) => string;

/** What a job was asked to make and when things happened, as term and description. */
export function parameterRows(job: JobView, nameOf: NameOf): Array<[string, string]> {
  const { request, video } = job;
  const rows: Array<[string, string | null | undefined]> = [
    ["Model", job.model],
    ["Prompt", request.prompt === "" ? "(none)" : request.prompt],
    ["Avoid", request.negativePrompt],
    ["Duration", formatSeconds(request.durationSeconds)],
    ["Aspect ratio", request.aspectRatio],
    ["Resolution", request.resolution],
    ["Sound", request.audio ? "Yes" : "No"],
    ["Seed", request.seed === undefined ? undefined : String(request.seed)],
    ["First frame", request.image?.uploadId],
    ["Last frame", request.lastFrame?.uploadId],
    ...Object.entries(request.providerOptions).map(([key, value]): [string, string] => [key, JSON.stringify(value)]),
    ["Preset", job.preset],
    ["Style", job.style === null ? null : nameOf(job.style)],
    ["Category", job.category === null ? null : nameOf(job.category)],
    ["Created", formatTime(job.createdAt)],
    ["Started", job.startedAt === null ? null : formatTime(job.startedAt)],
    ["Finished", job.finishedAt === null ? null : formatTime(job.finishedAt)],
    ["Deadline", formatTime(job.deadlineAt)],
    [
      "Video",
      video === null
        ? null
        : `${video.width}×${video.height}, ${formatSeconds(video.durationSeconds)}, ${formatBytes(video.sizeBytes)}${video.codec === null ? "" : `, ${video.codec}`}`,
    ],
    ["Video deleted", job.videoPurgedAt === null ? null : formatTime(job.videoPurgedAt)],
    ...Object.entries(job.metadata).map(([key, value]): [string, string] => [`Metadata: ${key}`, value]),
  ];
  return rows.filter((row): row is [string, string] => typeof row[1] === "string");
}
