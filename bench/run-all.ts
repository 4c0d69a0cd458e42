/**
 * `npm run bench`: runs every bench one after another, each in a process of its own, echoes
 * what it prints, and writes bench/RESULTS.md with the machine, the date and every result.
 */
import { spawn, spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describeMachine } from "./support/machine.ts";

const BENCHES = [
  { title: "1. API overhead", script: "api-overhead.ts", run: "bench:api" },
  { title: "2. Polling efficiency", script: "polling-efficiency.ts", run: "bench:polling" },
  { title: "3. Capacity: 10 000 jobs in flight", script: "capacity.ts", run: "bench:capacity" },
  { title: "4. Streaming a 1 GiB output", script: "streaming.ts", run: "bench:streaming" },
  { title: "5. Local provider render speed", script: "local-render.ts", run: "bench:local" },
  { title: "Job store claims per second", script: "claims-per-second.ts", run: "bench:claims" },
];

/** Runs one bench; resolves with what it printed on stdout and its exit code. */
function runBench(script: string): Promise<{ output: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL(script, import.meta.url))], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.once("error", reject);
    child.once("exit", (code) => resolve({ output, code }));
  });
}

const machine = describeMachine();
const startedAt = performance.now();
const sections: string[] = [];
const failed: string[] = [];
for (const bench of BENCHES) {
  process.stdout.write(`\n## ${bench.title}\n\n`);
  const benchStartedAt = performance.now();
  const { output, code } = await runBench(bench.script);
  const seconds = (performance.now() - benchStartedAt) / 1000;
  if (code !== 0) failed.push(bench.title);
  sections.push(
    [
      `## ${bench.title}`,
      `\`npm run ${bench.run}\` · ${seconds.toFixed(0)} s${code === 0 ? "" : ` · **failed (exit ${code})**`}`,
      output.trim(),
    ].join("\n\n"),
  );
}
const totalSeconds = (performance.now() - startedAt) / 1000;

const document = [
  "# Benchmark results",
  "Written by `npm run bench` (bench/run-all.ts); do not edit by hand. Benches are not tests: each runs Reelay and what it is compared with side by side in one run, and reports ratios with the absolute figures for reference.",
  "This machine is shared: it has two cores, and other work (test runs) may have run at the same time, so absolute figures vary between runs more than the ratios do.",
  [...machine, `- Whole run: ${totalSeconds.toFixed(0)} s`].join("\n"),
  ...sections,
].join("\n\n");
const resultsFile = fileURLToPath(new URL("RESULTS.md", import.meta.url));
await writeFile(resultsFile, `${document}\n`);
// Formatted as `npm run lint` expects (tables padded), so a fresh run passes the check.
const formatted = spawnSync(
  process.execPath,
  [fileURLToPath(new URL("../node_modules/oxfmt/bin/oxfmt", import.meta.url)), resultsFile],
  { stdio: "ignore" },
);
if (formatted.status !== 0) process.stderr.write("oxfmt could not format bench/RESULTS.md\n");
process.stdout.write(`\nbench/RESULTS.md written (${totalSeconds.toFixed(0)} s)\n`);
if (failed.length > 0) {
  process.stderr.write(`failed: ${failed.join(", ")}\n`);
  process.exitCode = 1;
}
