/**
 * Local provider render speed: seconds of 720p video rendered per second of wall time (× real
 * time). The renderer alone in this process, then whole jobs through a gateway (worker-thread
 * render, then re-host: probe and thumbnail), one at a time and four at once on two render threads.
 *
 *   npm run bench:local
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Reelay } from "@reelay/client";
import { planRender } from "../packages/gateway/src/providers/local/map-request.ts";
import type { ModelSpec } from "../packages/gateway/src/core/model-spec.ts";
import { localModels } from "../packages/gateway/src/providers/local/models.ts";
import { renderVideo } from "../packages/gateway/src/providers/local/render-video.ts";
import { requestFor } from "../packages/gateway/src/test-support/spec-request.ts";
import { printResult, table } from "./support/markdown.ts";
import { spawnGateway } from "./support/spawn-gateway.ts";
import { fixed, median } from "./support/stats.ts";

const VIDEO_SECONDS = 8;
const RENDERS = 3;
const PROMPT = "A lighthouse at dusk, waves rolling in, gulls circling the lamp";

const spec: ModelSpec = localModels.find((model) => model.id === "local/preview") ?? localModels[0]!;

/** Wall seconds of each of `RENDERS` renders by the renderer itself. */
async function renderAlone(audio: boolean): Promise<number[]> {
  const directory = await mkdtemp(path.join(tmpdir(), "reelay-bench-render-"));
  try {
    const seconds: number[] = [];
    for (let index = 0; index < RENDERS; index++) {
      const plan = planRender(
        requestFor(spec, { prompt: `${PROMPT} ${index}`, durationSeconds: VIDEO_SECONDS, audio }),
      );
      const startedAt = performance.now();
      await renderVideo(plan, path.join(directory, `${index}.mp4`));
      seconds.push((performance.now() - startedAt) / 1000);
    }
    return seconds;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** Wall seconds of each batch, first create to last job stored; batches run one after another. */
async function throughReelay(batches: readonly number[], renderThreads: number): Promise<number[]> {
  const gateway = await spawnGateway({ REELAY_LOCAL_RENDER_CONCURRENCY: String(renderThreads) });
  const client = new Reelay({ baseUrl: gateway.url });
  const runJob = async (index: number) => {
    const job = await client.jobs.create({
      model: spec.id,
      prompt: `${PROMPT} ${index}`,
      durationSeconds: VIDEO_SECONDS,
      resolution: "720p",
    });
    const done = await client.jobs.wait(job.id, { timeoutMs: 300_000 });
    if (done.status !== "succeeded") throw new Error(`local job ended ${done.status}`);
  };
  try {
    // A first job starts the render thread; it is not counted.
    await runJob(-1);
    const seconds: number[] = [];
    for (const jobs of batches) {
      const startedAt = performance.now();
      await Promise.all(Array.from({ length: jobs }, (_, index) => runJob(index)));
      seconds.push((performance.now() - startedAt) / 1000);
    }
    return seconds;
  } finally {
    await gateway.close();
  }
}

const rows = [
  ["renderer alone, no audio", await renderAlone(false), 1],
  ["renderer alone, with audio", await renderAlone(true), 1],
  [
    "job through Reelay, one at a time",
    await throughReelay(
      Array.from({ length: RENDERS }, () => 1),
      1,
    ),
    1,
  ],
  ["4 jobs at once, 2 render threads", await throughReelay([4], 2), 4],
] as const;

printResult([
  `${VIDEO_SECONDS} s text-card videos at 720p (1280×720, 24 fps, H.264). Renderer alone: median of ${RENDERS} renders in one thread. Through Reelay: create → succeeded as the client sees it (includes the worker's poll cadence, probe and thumbnail); median of ${RENDERS} single jobs, and one batch of 4, each after a first job that starts the render threads.`,
  table(
    ["case", "wall s (median)", "video s per wall s"],
    rows.map(([name, seconds, jobs]) => [
      name,
      fixed(median(seconds), 2),
      `×${fixed((jobs * VIDEO_SECONDS) / median(seconds), 2)}`,
    ]),
  ),
]);
