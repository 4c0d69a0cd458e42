/** A Markdown table of `rows` under `header`. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
}

/** Writes a bench's result (Markdown paragraphs) to stdout, where `npm run bench` collects it. */
export function printResult(parts: readonly string[]): void {
  process.stdout.write(`${parts.join("\n\n")}\n`);
}
