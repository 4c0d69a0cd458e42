/**
 * API overhead: create + get of a job through a real Reelay gateway (SQLite, worker off, so only
 * the HTTP path runs) against the same two calls on a bare Hono app with jobs in a Map. Each server
 * runs in its own process; the same client (Node's fetch, keep-alive) drives both at the same
 * concurrency, in alternating rounds so a neighbour's load on the shared machine hits both alike.
 *
 *   npm run bench:api
 */
import { mergeLoads, p50, p99, runCreateGetLoad, type LoadResult } from "./support/create-get-load.ts";
import { printResult, table } from "./support/markdown.ts";
import { spawnChild } from "./support/spawn-child.ts";
import { spawnGateway } from "./support/spawn-gateway.ts";
import { fixed, ratio } from "./support/stats.ts";

const CONCURRENCY = 16;
const ROUNDS = 3;
const ROUND_MS = 5_000;
const WARM_UP_MS = 2_000;
const JOB = { model: "local/preview", prompt: "A lighthouse at dusk, waves rolling in", durationSeconds: 4 };

const reelay = await spawnGateway({ REELAY_WORKER: "off" });
const bare = await spawnChild("./bare-hono-process.ts");
const servers = [
  { name: "Reelay (SQLite, worker off)", url: reelay.url, rounds: [] as LoadResult[] },
  { name: "bare Hono + Map", url: String(bare.ready.url), rounds: [] as LoadResult[] },
];
try {
  for (const server of servers) await runCreateGetLoad(server.url, JOB, CONCURRENCY, WARM_UP_MS);
  for (let round = 0; round < ROUNDS; round++) {
    for (const server of servers) server.rounds.push(await runCreateGetLoad(server.url, JOB, CONCURRENCY, ROUND_MS));
  }
} finally {
  await Promise.all([reelay.close(), bare.close()]);
}

const [ours, baseline] = servers.map((server) => ({ name: server.name, load: mergeLoads(server.rounds) }));
if (ours === undefined || baseline === undefined) throw new Error("no results");
const rate = (load: LoadResult) => load.requests / load.seconds;
const row = ({ name, load }: { name: string; load: LoadResult }) => [
  name,
  fixed(rate(load), 0),
  fixed(p50(load.createMs), 2),
  fixed(p99(load.createMs), 2),
  fixed(p50(load.getMs), 2),
  fixed(p99(load.getMs), 2),
];
printResult([
  `${CONCURRENCY} concurrent callers, each creating a job and reading it back in a loop; ${ROUNDS} alternating rounds of ${ROUND_MS / 1000} s per server after a ${WARM_UP_MS / 1000} s warm-up. Requests/s counts creates and gets.`,
  table(
    ["server", "requests/s", "create p50 ms", "create p99 ms", "get p50 ms", "get p99 ms"],
    [row(ours), row(baseline)],
  ),
  [
    `- Throughput, Reelay / bare: ${ratio(rate(ours.load), rate(baseline.load))}`,
    `- Create latency, Reelay / bare: p50 ${ratio(p50(ours.load.createMs), p50(baseline.load.createMs))}, p99 ${ratio(p99(ours.load.createMs), p99(baseline.load.createMs))}`,
    `- Get latency, Reelay / bare: p50 ${ratio(p50(ours.load.getMs), p50(baseline.load.getMs))}, p99 ${ratio(p99(ours.load.getMs), p99(baseline.load.getMs))}`,
  ].join("\n"),
]);
