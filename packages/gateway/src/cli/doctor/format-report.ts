import type { CheckStatus, DoctorReport } from "./doctor-check.ts";

const SYMBOLS: Record<CheckStatus, string> = { pass: "✓", fail: "✗", skip: "–" };

/** The report as the terminal shows it: one line per check, then the summary. */
export function formatReport(report: DoctorReport, version: string): string {
  const width = Math.max(...report.checks.map((check) => check.name.length));
  // A detail of several lines (a configuration with many problems) stays in its column.
  const indent = `\n${" ".repeat(width + 4)}`;
  const lines = report.checks.map(
    (check) => `${SYMBOLS[check.status]} ${check.name.padEnd(width)}  ${check.detail.replaceAll("\n", indent)}`,
  );
  const { pass, fail, skip } = report.summary;
  const verdict = report.ok ? "all checks passed" : `fix the ${SYMBOLS.fail} lines above`;
  return `Reelay ${version} doctor\n\n${lines.join("\n")}\n\n${pass} passed, ${fail} failed, ${skip} skipped: ${verdict}.\n`;
}
