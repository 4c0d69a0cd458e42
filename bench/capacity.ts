/**
 * Capacity: 10 000 jobs in flight in one Reelay process (SQLite, default settings) on the Runway
 * fake, whose renders take an hour, so every job is running upstream at once. Measures the gateway
 * process's memory and CPU per job, and whether polls stay on schedule: the gateway's own gauges
 * of due jobs no worker has taken yet and how long the oldest of them has waited, read from
 * `/metrics` every second, and the gaps between a job's polls at the fake.
 *
 *   npm run bench:capacity
 */
import { setTimeout as sleep } from "node:timers/promises";
import { RUNWAY_POLL_AFTER_MS } from "../packages/gateway/src/providers/runway/map-status.ts";
import { createRunwayFake } from "../packages/gateway/src/providers/runway/fake.ts";
import { RUNWAY_ROUTES, serveCountingFake, type FakeCall } from "./support/counting-fake.ts";
import { printResult, table } from "./support/markdown.ts";
import { spawnGateway } from "./support/spawn-gateway.ts";
import { fixed, mib, quantile } from "./support/stats.ts";

const JOBS = 10_000;
const CREATE_CONCURRENCY = 16;
/** Time after the last submit for the backlog of submits and first polls (5 s apart until a pace is known) to drain. */
const SETTLE_MS = 75_000;
/** How long the steady state (every job submitted, only polls) is watched. */
const STEADY_MS = 30_000;
const JOB = { model: "runway/gen4.5", prompt: "A lighthouse at dusk, waves rolling in", durationSeconds: 5 };
const KEY = "bench-key-capacity";

const fake = createRunwayFake({ timing: { queuedMs: 0, renderMs: 3_600_000 } });
// The fake records every request for tests; here that would only grow, so it is emptied as it goes.
const forget = setInterval(() => fake.faults.requests.splice(0), 1_000);
const counting = await serveCountingFake(fake, RUNWAY_ROUTES);
const gateway = await spawnGateway({ REELAY_RUNWAY_BASE_URL: counting.url, REELAY_RUNWAY_API_KEY: KEY });

const creates = () => counting.calls.filter((call) => call.kind === "create").length;
async function createJobs(): Promise<number> {
  const startedAt = performance.now();
  let next = 0;
  const body = JSON.stringify(JOB);
  await Promise.all(
    Array.from({ length: CREATE_CONCURRENCY }, async () => {
      while (next < JOBS) {
        next += 1;
        const response = await fetch(`${gateway.url}/api/v1/jobs`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        if (response.status !== 202) throw new Error(`create: ${response.status} ${await response.text()}`);
        await response.arrayBuffer();
      }
    }),
  );
  return (performance.now() - startedAt) / 1000;
}

/** The gap before each poll in [fromMs, toMs) since the job's previous call at the fake. */
function pollGaps(calls: readonly FakeCall[], fromMs: number, toMs: number): number[] {
  const previous = new Map<string, number>();
  const gaps: number[] = [];
  for (const call of calls) {
    if (call.taskId === null) continue;
    const before = previous.get(call.taskId);
    if (call.kind === "status" && before !== undefined && call.atMs >= fromMs && call.atMs < toMs) {
      gaps.push(call.atMs - before);
    }
    previous.set(call.taskId, call.atMs);
  }
  return gaps;
}

/** One reading of the gateway's schedule gauges. */
interface DueReading {
  due: number;
  oldestDueSeconds: number;
}

async function readDue(url: string): Promise<DueReading> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? Number.NaN);
  return { due: value("reelay_jobs_due"), oldestDueSeconds: value("reelay_oldest_due_job_age_seconds") };
}

/** Reads the schedule gauges every second until `untilMs`. */
async function watchDue(url: string, untilMs: number): Promise<DueReading[]> {
  const readings: DueReading[] = [];
  while (Date.now() < untilMs) {
    readings.push(await readDue(url));
    await sleep(1_000);
  }
  return readings;
}

let result: string[];
try {
  const idle = await gateway.sample(true);
  const createSeconds = await createJobs();
  const createdAtMs = Date.now();
  while (creates() < JOBS) await sleep(200);
  const submitSeconds = (Date.now() - createdAtMs) / 1000 + createSeconds;
  await sleep(SETTLE_MS);
  await gateway.sample(true);
  const start = await gateway.sample();
  const callsBefore = counting.calls.length;
  const readings = await watchDue(gateway.url, Date.now() + STEADY_MS);
  const end = await gateway.sample();
  const loaded = await gateway.sample(true);
  const polls = counting.calls.length - callsBefore;
  const gaps = pollGaps(counting.calls, start.atMs, end.atMs);
  const polledJobs = new Set(
    counting.calls.filter((call) => call.kind === "status" && call.atMs >= start.atMs).map((call) => call.taskId),
  ).size;
  const dues = readings.map((reading) => reading.due);
  const waits = readings.map((reading) => reading.oldestDueSeconds);
  const windowSeconds = (end.atMs - start.atMs) / 1000;
  const cpuSeconds = (end.cpuMicros - start.cpuMicros) / 1e6;
  const seconds = (ms: number) => fixed(ms / 1000, 1);
  result = [
    `${JOBS} jobs created through the API (${CREATE_CONCURRENCY} at a time), all submitted to the Runway fake (renders of an hour, progress reported), then, ${SETTLE_MS / 1000} s later, ${STEADY_MS / 1000} s of steady state watched. Default settings (worker concurrency 4, SQLite). Polls follow each job's progress pace (the adapter's ${RUNWAY_POLL_AFTER_MS / 1000} s at first, then up to a minute apart while the finish is far). On schedule means few due jobs wait for a worker, and not for long: both are the gateway's own gauges, read every second.`,
    table(
      ["measure", "value"],
      [
        ["creates/s (API)", fixed(JOBS / createSeconds, 0)],
        ["all jobs submitted upstream after", `${fixed(submitSeconds, 1)} s`],
        ["RSS idle → 10 000 in flight (after GC)", `${mib(idle.rssBytes)} → ${mib(loaded.rssBytes)}`],
        ["RSS per job", `${fixed((loaded.rssBytes - idle.rssBytes) / JOBS / 1024, 2)} KiB`],
        ["V8 heap idle → in flight (after GC)", `${mib(idle.heapUsedBytes)} → ${mib(loaded.heapUsedBytes)}`],
        ["heap per job", `${fixed((loaded.heapUsedBytes - idle.heapUsedBytes) / JOBS / 1024, 2)} KiB`],
        ["polls/s at the fake", fixed(polls / windowSeconds, 0)],
        ["jobs polled in the window", String(polledJobs)],
        [
          "gap between a job's polls p50 / p90 / max",
          `${seconds(quantile(gaps, 0.5))} / ${seconds(quantile(gaps, 0.9))} / ${seconds(Math.max(...gaps))} s`,
        ],
        ["gateway CPU (share of one core)", `${fixed((cpuSeconds / windowSeconds) * 100, 0)} %`],
        ["CPU per poll", `${fixed((cpuSeconds * 1e6) / polls, 0)} µs`],
        ["CPU per job in flight", `${fixed(((cpuSeconds * 1e3) / windowSeconds / JOBS) * 60, 2)} ms per minute`],
        [
          "due jobs waiting for a worker p50 / max (of jobs in flight)",
          `${fixed(quantile(dues, 0.5), 0)} / ${fixed(Math.max(...dues), 0)} (of ${JOBS})`,
        ],
        [
          "how long the oldest due job had waited p50 / max",
          `${fixed(quantile(waits, 0.5), 2)} / ${fixed(Math.max(...waits), 2)} s`,
        ],
      ],
    ),
    [
      `- Resident memory, 10 000 jobs in flight / idle: ×${fixed(loaded.rssBytes / idle.rssBytes, 2)}`,
      `- Gateway CPU, share of one core: ×${fixed(cpuSeconds / windowSeconds, 2)}`,
      `- Due jobs waiting for a worker / jobs in flight: p50 ×${fixed(quantile(dues, 0.5) / JOBS, 4)}, max ×${fixed(Math.max(...dues) / JOBS, 4)}`,
      `- Oldest wait / gap between a job's polls (p50 of each): ×${fixed(quantile(waits, 0.5) / (quantile(gaps, 0.5) / 1000), 4)}`,
    ].join("\n"),
  ];
} finally {
  clearInterval(forget);
  await gateway.close();
  await counting.close();
}
printResult(result);
