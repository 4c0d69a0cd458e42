/**
 * Capacity: 10 000 jobs in flight in one Reelay process (SQLite, default settings) on the Runway
 * fake, whose renders take an hour, so every job is running upstream at once and polled on the
 * adapter's 5 s cadence. Measures the gateway process's memory and CPU per job, and how late each
 * poll reaches the fake against its schedule (5 s after the job's previous call there).
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
/** Time left after the last submit for the backlog of submits and first polls to even out. */
const SETTLE_MS = 15_000;
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

/** Lateness of each poll in [fromMs, toMs): its arrival − (the job's previous call + the cadence). */
function pollLateness(calls: readonly FakeCall[], fromMs: number, toMs: number): number[] {
  const previous = new Map<string, number>();
  const lateness: number[] = [];
  for (const call of calls) {
    if (call.taskId === null) continue;
    const before = previous.get(call.taskId);
    if (call.kind === "status" && before !== undefined && call.atMs >= fromMs && call.atMs < toMs) {
      lateness.push(call.atMs - before - RUNWAY_POLL_AFTER_MS);
    }
    previous.set(call.taskId, call.atMs);
  }
  return lateness;
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
  await sleep(STEADY_MS);
  const end = await gateway.sample();
  const loaded = await gateway.sample(true);
  const polls = counting.calls.length - callsBefore;
  const lateness = pollLateness(counting.calls, start.atMs, end.atMs);
  const windowSeconds = (end.atMs - start.atMs) / 1000;
  const cpuSeconds = (end.cpuMicros - start.cpuMicros) / 1e6;
  const lastCall = new Map(counting.calls.map((call) => [call.taskId, call.atMs]));
  const overdue = [...lastCall.values()].filter((atMs) => end.atMs - atMs > 2 * RUNWAY_POLL_AFTER_MS).length;
  const late = (ms: number) => fixed(ms / 1000, 2);
  result = [
    `${JOBS} jobs created through the API (${CREATE_CONCURRENCY} at a time), all submitted to the Runway fake (renders of an hour), then, ${SETTLE_MS / 1000} s later, ${STEADY_MS / 1000} s of steady state watched. Default settings (worker concurrency 4, SQLite). The schedule asks for one poll per job every ${RUNWAY_POLL_AFTER_MS / 1000} s: ${JOBS / (RUNWAY_POLL_AFTER_MS / 1000)} polls/s.`,
    table(
      ["measure", "value"],
      [
        ["creates/s (API)", fixed(JOBS / createSeconds, 0)],
        ["all jobs submitted upstream after", `${fixed(submitSeconds, 1)} s`],
        ["RSS idle → 10 000 in flight (after GC)", `${mib(idle.rssBytes)} → ${mib(loaded.rssBytes)}`],
        ["RSS per job", `${fixed((loaded.rssBytes - idle.rssBytes) / JOBS / 1024, 2)} KiB`],
        ["V8 heap idle → in flight (after GC)", `${mib(idle.heapUsedBytes)} → ${mib(loaded.heapUsedBytes)}`],
        ["heap per job", `${fixed((loaded.heapUsedBytes - idle.heapUsedBytes) / JOBS / 1024, 2)} KiB`],
        [
          "polls/s achieved vs scheduled",
          `${fixed(polls / windowSeconds, 0)} / ${JOBS / (RUNWAY_POLL_AFTER_MS / 1000)} (×${fixed(polls / windowSeconds / (JOBS / (RUNWAY_POLL_AFTER_MS / 1000)), 2)})`,
        ],
        [
          "jobs one process keeps on the 5 s cadence (polls/s × 5 s)",
          fixed((polls / windowSeconds) * (RUNWAY_POLL_AFTER_MS / 1000), 0),
        ],
        ["gateway CPU (share of one core)", `${fixed((cpuSeconds / windowSeconds) * 100, 0)} %`],
        ["CPU per poll", `${fixed((cpuSeconds * 1e6) / polls, 0)} µs`],
        ["CPU per job in flight", `${fixed(((cpuSeconds * 1e3) / windowSeconds / JOBS) * 60, 2)} ms per minute`],
        [
          "poll lateness p50 / p90 / p99 / max",
          `${late(quantile(lateness, 0.5))} / ${late(quantile(lateness, 0.9))} / ${late(quantile(lateness, 0.99))} / ${late(Math.max(...lateness))} s`,
        ],
        ["jobs not polled for over 2 cadences at the end", String(overdue)],
      ],
    ),
  ];
} finally {
  clearInterval(forget);
  await gateway.close();
  await counting.close();
}
printResult(result);
