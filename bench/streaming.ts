/**
 * Streaming: the gateway process's resident memory while it re-hosts 1 GiB outputs from the
 * Runway fake (download, probe, thumbnail) and while it serves the file back through the job's
 * content route, against the file's size. The output is made on the fly (a real MP4 padded with a
 * `free` box) and the download is counted and dropped, so neither side of the bench holds it.
 *
 *   npm run bench:streaming
 */
import { Reelay } from "@reelay/client";
import { createRunwayFake } from "../packages/gateway/src/providers/runway/fake.ts";
import { fakeVideo } from "../packages/gateway/src/providers/shared/fake-server.ts";
import { benchToken, RUNWAY_ROUTES, serveCountingFake } from "./support/counting-fake.ts";
import { printResult, table } from "./support/markdown.ts";
import { paddedMp4Stream } from "./support/padded-mp4.ts";
import { spawnGateway } from "./support/spawn-gateway.ts";
import type { ProcessSample } from "./support/process-messages.ts";
import { fixed, mib } from "./support/stats.ts";

const OUTPUT_BYTES = 1024 ** 3;
/** Acceptance 3: re-hosting may raise resident memory by less than this. */
const MAX_RISE_BYTES = 64 * 1024 ** 2;

/** The prompt word of the warm-up job, whose output the fake serves as it is (a few kB). */
const WARM_UP = benchToken("warm-up", 0);

const mp4 = await fakeVideo(1280, 720, 5);
const isWarmUpTask = (taskId: string | undefined) => fake.tasksByToken.get(WARM_UP)?.taskId === taskId;
const fake = await serveCountingFake(createRunwayFake({ timing: { queuedMs: 0, renderMs: 500 } }), RUNWAY_ROUTES, {
  override(request) {
    const taskId = /^\/cdn\/([^/]+)\/video\.mp4$/.exec(new URL(request.url).pathname)?.[1];
    if (taskId === undefined || isWarmUpTask(taskId)) return null;
    return new Response(paddedMp4Stream(mp4, OUTPUT_BYTES), {
      headers: { "content-type": "video/mp4", "content-length": String(OUTPUT_BYTES) },
    });
  },
});
const gateway = await spawnGateway({ REELAY_RUNWAY_BASE_URL: fake.url, REELAY_RUNWAY_API_KEY: "bench-key-streaming" });

const ROUNDS = 3;

interface Round {
  before: ProcessSample;
  rehosted: ProcessSample;
  rehostSeconds: number;
  beforeServing: ProcessSample;
  served: ProcessSample;
  serveSeconds: number;
}

/** One job re-hosted and its video served back, with the gateway's memory around each phase. */
async function runRound(client: Reelay, token: string, expectedBytes: number): Promise<Round> {
  const before = await gateway.sample(true);
  await gateway.resetPeak();
  const job = await client.jobs.create({
    model: "runway/gen4.5",
    prompt: `A lighthouse at dusk ${token}`,
    durationSeconds: 5,
  });
  const done = await client.jobs.wait(job.id, { timeoutMs: 600_000 });
  if (done.status !== "succeeded") throw new Error(`the job ended ${done.status}: ${JSON.stringify(done.failure)}`);
  const rehosted = await gateway.sample();
  // From the fake serving the first byte to the job's end: download, probe and thumbnail.
  const downloadAtMs = fake.calls.filter((call) => call.kind === "other").at(-1)?.atMs ?? Number.NaN;
  const rehostSeconds = (Date.parse(done.finishedAt ?? "") - downloadAtMs) / 1000;

  await gateway.sample(true);
  const beforeServing = await gateway.resetPeak();
  const startedAt = performance.now();
  const response = await client.jobs.download(job.id);
  let servedBytes = 0;
  for await (const chunk of response.body ?? new ReadableStream<Uint8Array>()) servedBytes += chunk.byteLength;
  const serveSeconds = (performance.now() - startedAt) / 1000;
  const served = await gateway.sample();
  if (servedBytes !== expectedBytes) throw new Error(`served ${servedBytes} bytes of ${expectedBytes}`);
  return { before, rehosted, rehostSeconds, beforeServing, served, serveSeconds };
}

const rounds: Round[] = [];
let warmUp: Round;
try {
  const client = new Reelay({ baseUrl: gateway.url });
  // A small job first: what any first job costs once (decoder and image libraries, code paths
  // warmed up) is not what a large file costs.
  warmUp = await runRound(client, WARM_UP, mp4.byteLength);
  for (let index = 0; index < ROUNDS; index++)
    rounds.push(await runRound(client, benchToken("large", index), OUTPUT_BYTES));
} finally {
  await gateway.close();
  await fake.close();
}

const rehostRise = (round: Round) => round.rehosted.peakRssBytes - round.before.rssBytes;
const serveRise = (round: Round) => round.served.peakRssBytes - round.beforeServing.rssBytes;
const share = (bytes: number) => `${fixed((bytes / OUTPUT_BYTES) * 100, 2)} %`;
const throughput = (seconds: number) => `${fixed(OUTPUT_BYTES / 1024 ** 2 / seconds, 0)} MiB/s`;
const startRss = rounds[0]?.before.rssBytes ?? Number.NaN;
// Against the process before the first large job: memory kept from an earlier one counts too.
const worstRehost = Math.max(...rounds.map((round) => round.rehosted.peakRssBytes)) - startRss;
printResult([
  `A small warm-up job, then ${ROUNDS} Runway jobs one after another, each with an output of ${mib(OUTPUT_BYTES)} (a real MP4 padded with a \`free\` box, made on the fly by the fake), each re-hosted and then downloaded whole through Reelay. Peak RSS of the gateway process is sampled every 20 ms; the rise is over its RSS just before the phase (after a GC). Re-host time runs from the fake's first byte to the job stored (download, probe, thumbnail); serve time is the client's whole download.`,
  table(
    [
      "job",
      "RSS before",
      "re-host: peak rise",
      "rise / file size",
      "time",
      "serve: peak rise",
      "rise / file size",
      "time",
    ],
    [warmUp, ...rounds].map((round, index) => {
      // Shares and rates of a file of a few kB say nothing.
      const large = index > 0;
      return [
        large ? String(index) : `warm-up (${fixed(mp4.byteLength / 1024, 0)} KiB)`,
        mib(round.before.rssBytes),
        mib(rehostRise(round)),
        large ? share(rehostRise(round)) : "–",
        large ? `${fixed(round.rehostSeconds, 1)} s (${throughput(round.rehostSeconds)})` : "–",
        mib(serveRise(round)),
        large ? share(serveRise(round)) : "–",
        large ? `${fixed(round.serveSeconds, 1)} s (${throughput(round.serveSeconds)})` : "–",
      ];
    }),
  ),
  `Acceptance 3 (re-hosting raises RSS by less than ${mib(MAX_RISE_BYTES)}): ${worstRehost < MAX_RISE_BYTES ? "met" : "**not met**"}: the highest RSS while re-hosting a large output, over the ${mib(startRss)} before the first of them, was ${mib(worstRehost)} (${share(worstRehost)} of one file). The warm-up's rise is what a fresh process spends once on its first job, whatever the size.`,
]);
