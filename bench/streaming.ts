/**
 * Streaming: the gateway process's resident memory while it re-hosts a 1 GiB output from the
 * Runway fake (download, probe, thumbnail) and while it serves the file back through the job's
 * content route, against the file's size. The output is made on the fly (a real MP4 padded with a
 * `free` box) and the download is counted and dropped, so neither side of the bench holds it.
 *
 *   npm run bench:streaming
 */
import { Reelay } from "@reelay/client";
import { createRunwayFake } from "../packages/gateway/src/providers/runway/fake.ts";
import { fakeVideo } from "../packages/gateway/src/providers/shared/fake-server.ts";
import { RUNWAY_ROUTES, serveCountingFake } from "./support/counting-fake.ts";
import { printResult, table } from "./support/markdown.ts";
import { paddedMp4Stream } from "./support/padded-mp4.ts";
import { spawnGateway } from "./support/spawn-gateway.ts";
import { fixed, mib } from "./support/stats.ts";

const OUTPUT_BYTES = 1024 ** 3;
/** Acceptance 3: re-hosting may raise resident memory by less than this. */
const MAX_RISE_BYTES = 64 * 1024 ** 2;

const mp4 = await fakeVideo(1280, 720, 5);
const fake = await serveCountingFake(createRunwayFake({ timing: { queuedMs: 0, renderMs: 500 } }), RUNWAY_ROUTES, {
  override: (request) =>
    /^\/cdn\/[^/]+\/video\.mp4$/.test(new URL(request.url).pathname)
      ? new Response(paddedMp4Stream(mp4, OUTPUT_BYTES), {
          headers: { "content-type": "video/mp4", "content-length": String(OUTPUT_BYTES) },
        })
      : null,
});
const gateway = await spawnGateway({ REELAY_RUNWAY_BASE_URL: fake.url, REELAY_RUNWAY_API_KEY: "bench-key-streaming" });

let result: string[];
try {
  const client = new Reelay({ baseUrl: gateway.url });
  const idle = await gateway.sample(true);
  await gateway.resetPeak();
  const job = await client.jobs.create({ model: "runway/gen4.5", prompt: "A lighthouse at dusk", durationSeconds: 5 });
  const done = await client.jobs.wait(job.id, { timeoutMs: 600_000 });
  if (done.status !== "succeeded") throw new Error(`the job ended ${done.status}: ${JSON.stringify(done.failure)}`);
  const rehosted = await gateway.sample();
  // From the fake serving the first byte to the job's end: download, probe and thumbnail.
  const downloadAtMs = fake.calls.find((call) => call.kind === "other")?.atMs ?? Number.NaN;
  const rehostSeconds = (Date.parse(done.finishedAt ?? "") - downloadAtMs) / 1000;

  await gateway.sample(true);
  const beforeServing = await gateway.resetPeak();
  const startedAt = performance.now();
  const response = await client.jobs.download(job.id);
  let servedBytes = 0;
  for await (const chunk of response.body ?? new ReadableStream<Uint8Array>()) servedBytes += chunk.byteLength;
  const serveSeconds = (performance.now() - startedAt) / 1000;
  const served = await gateway.sample();
  if (servedBytes !== OUTPUT_BYTES) throw new Error(`served ${servedBytes} bytes of ${OUTPUT_BYTES}`);

  const rehostRise = rehosted.peakRssBytes - idle.rssBytes;
  const serveRise = served.peakRssBytes - beforeServing.rssBytes;
  const share = (bytes: number) => `${fixed((bytes / OUTPUT_BYTES) * 100, 2)} %`;
  result = [
    `One Runway job whose output is ${mib(OUTPUT_BYTES)} (a real MP4 padded with a \`free\` box, made on the fly by the fake). Peak RSS of the gateway process sampled every 20 ms, against its RSS just before (after a GC). Re-host time: from the fake's first byte to the job stored; serve time: the client's whole download.`,
    table(
      ["phase", "RSS before", "peak RSS", "rise", "rise / file size", "time", "throughput"],
      [
        [
          "re-host (download, probe, thumbnail)",
          mib(idle.rssBytes),
          mib(rehosted.peakRssBytes),
          mib(rehostRise),
          share(rehostRise),
          `${fixed(rehostSeconds, 1)} s`,
          `${fixed(OUTPUT_BYTES / 1024 ** 2 / rehostSeconds, 0)} MiB/s`,
        ],
        [
          "serve (GET /api/v1/jobs/:id/content)",
          mib(beforeServing.rssBytes),
          mib(served.peakRssBytes),
          mib(serveRise),
          share(serveRise),
          `${fixed(serveSeconds, 1)} s`,
          `${fixed(OUTPUT_BYTES / 1024 ** 2 / serveSeconds, 0)} MiB/s`,
        ],
      ],
    ),
    `Acceptance 3 (re-hosting raises RSS by less than ${mib(MAX_RISE_BYTES)}): ${rehostRise < MAX_RISE_BYTES ? "met" : "**not met**"}, ${mib(rehostRise)}.`,
  ];
} finally {
  await gateway.close();
  await fake.close();
}
printResult(result);
