import type { JobView, ModelView } from "@reelay/client";

/** Left-aligned text columns sized to their widest cell. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, index) =>
    Math.max(header.length, ...rows.map((row) => (row[index] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

export function describeJob(job: JobView): string {
  const lines = [
    `${job.id}  ${job.status}${job.progress ? ` ${Math.round(job.progress.value * 100)}%` : ""}`,
    `  model:    ${job.model}`,
    `  prompt:   ${job.request.prompt}`,
    `  request:  ${job.request.durationSeconds}s ${job.request.aspectRatio} ${job.request.resolution}${job.request.audio ? " with audio" : ""}`,
    `  created:  ${job.createdAt}`,
  ];
  if (job.preset) lines.push(`  preset:   ${job.preset}`);
  if (job.style) lines.push(`  style:    ${job.style}`);
  if (job.category) lines.push(`  category: ${job.category}`);
  if (job.finishedAt) lines.push(`  finished: ${job.finishedAt}`);
  if (job.failure) lines.push(`  failure:  ${job.failure.code}: ${job.failure.message}`);
  for (const warning of job.warnings) lines.push(`  warning:  ${warning.message}`);
  if (job.video) {
    lines.push(
      `  video:    ${job.video.url} (${job.video.width}×${job.video.height}, ${job.video.durationSeconds.toFixed(2)} s, ${job.video.sizeBytes} bytes)`,
    );
  }
  return lines.join("\n");
}

export function modelsTable(models: ModelView[]): string {
  return table(
    ["MODEL", "AVAILABLE", "LIFECYCLE", "INPUTS", "DURATIONS (s)", "ASPECT RATIOS", "RESOLUTIONS", "AUDIO", "$/s"],
    models.map((model) => [
      model.id,
      model.available ? "yes" : "no",
      model.lifecycle.status,
      [model.inputs.text && "text", model.inputs.firstFrame && "image", model.inputs.lastFrame && "last-frame"]
        .filter(Boolean)
        .join(","),
      model.durationsSeconds.join(","),
      model.aspectRatios.join(","),
      model.resolutions.join(","),
      model.audio,
      model.pricePerSecondUsd.toFixed(2),
    ]),
  );
}
