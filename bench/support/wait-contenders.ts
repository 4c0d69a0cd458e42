/**
 * The ways a caller learns that a video is done, each driving a provider fake from start to
 * finish: Reelay (the SDK's `jobs.wait`, which follows the job's event stream), and the wait
 * helpers users would otherwise run against the provider directly. Each resolves when its caller
 * knows the video is ready and uses its own key, so the fake can tell their calls apart.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Reelay } from "@reelay/client";
import RunwayML from "@runwayml/sdk";
import OpenAI from "openai";

/** Where a contender's job runs. */
export interface Upstreams {
  runwayUrl: string;
  openaiUrl: string;
  reelayUrl: string;
}

export interface Contender {
  name: string;
  provider: "runway" | "openai";
  /** The bearer key it sends upstream (Reelay's is set on the gateway). */
  key: string;
  /** Creates a job whose prompt is `prompt` and resolves once the caller knows it is done. */
  run(prompt: string, upstreams: Upstreams): Promise<void>;
}

/** The fixed interval of the AI SDK's video polling loops. */
const FIXED_LOOP_MS = 5_000;
/** openai-node's poll helpers (`runs.poll`, `vectorStores.files.poll`) sleep this long without a hint. */
const OPENAI_DEFAULT_POLL_MS = 5_000;
const TIMEOUT_MS = 10 * 60_000;

export const REELAY_UPSTREAM_KEY = "bench-key-reelay";

const runwayClient = (url: string, key: string) => new RunwayML({ apiKey: key, baseURL: url, maxRetries: 0 });
const openaiClient = (url: string, key: string) => new OpenAI({ apiKey: key, baseURL: `${url}/v1`, maxRetries: 0 });
const runwayBody = (promptText: string) => ({
  model: "gen4.5" as const,
  promptText,
  ratio: "1280:720" as const,
  duration: 5,
});
const openaiBody = (prompt: string) => ({ model: "sora-2", prompt, size: "1280x720" as const, seconds: "4" as const });

async function reelayWait(model: string, prompt: string, reelayUrl: string, durationSeconds: number): Promise<void> {
  const client = new Reelay({ baseUrl: reelayUrl });
  const job = await client.jobs.create({ model, prompt, durationSeconds });
  const done = await client.jobs.wait(job.id, { timeoutMs: TIMEOUT_MS });
  if (done.status !== "succeeded") throw new Error(`Reelay job ${done.id} ended ${done.status}`);
}

/** Asks `retrieve` every `FIXED_LOOP_MS` (first at once) until `isDone`, as the AI SDK's loops do. */
async function fixedLoop<T>(retrieve: () => Promise<T>, isDone: (status: T) => boolean): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!isDone(await retrieve())) {
    if (Date.now() > deadline) throw new Error("fixed loop timed out");
    await sleep(FIXED_LOOP_MS);
  }
}

const runwayDone = (task: { status: string }) => {
  if (task.status === "FAILED" || task.status === "CANCELLED") throw new Error(`Runway task ${task.status}`);
  return task.status === "SUCCEEDED";
};
const openaiDone = (video: { status: string }) => {
  if (video.status === "failed") throw new Error("OpenAI video failed");
  return video.status === "completed";
};

export const CONTENDERS: Contender[] = [
  {
    name: "Reelay (`jobs.wait`, event stream)",
    provider: "runway",
    key: REELAY_UPSTREAM_KEY,
    run: (prompt, { reelayUrl }) => reelayWait("runway/gen4.5", prompt, reelayUrl, 5),
  },
  {
    name: "`@runwayml/sdk` `waitForTaskOutput`",
    provider: "runway",
    key: "bench-key-runway-sdk",
    async run(prompt, { runwayUrl }) {
      await runwayClient(runwayUrl, "bench-key-runway-sdk")
        .textToVideo.create(runwayBody(prompt))
        .waitForTaskOutput({ timeout: TIMEOUT_MS });
    },
  },
  {
    name: "fixed 5 s loop (AI SDK)",
    provider: "runway",
    key: "bench-key-runway-loop",
    async run(prompt, { runwayUrl }) {
      const client = runwayClient(runwayUrl, "bench-key-runway-loop");
      const { id } = await client.textToVideo.create(runwayBody(prompt));
      await fixedLoop(() => client.tasks.retrieve(id), runwayDone);
    },
  },
  {
    name: "Reelay (`jobs.wait`, event stream)",
    provider: "openai",
    key: REELAY_UPSTREAM_KEY,
    run: (prompt, { reelayUrl }) => reelayWait("openai/sora-2", prompt, reelayUrl, 4),
  },
  {
    name: "`openai` poll helper at its default",
    provider: "openai",
    key: "bench-key-openai-sdk",
    async run(prompt, { openaiUrl }) {
      // openai 6.49 has no video poll helper; this is its `runs.poll` loop: ask at once, then
      // sleep for `openai-poll-after-ms` when the answer has it, else 5 s.
      const client = openaiClient(openaiUrl, "bench-key-openai-sdk");
      const { id } = await client.videos.create(openaiBody(prompt));
      const headers = { "X-Stainless-Poll-Helper": "true" };
      for (;;) {
        const { data, response } = await client.videos.retrieve(id, { headers }).withResponse();
        if (openaiDone(data)) return;
        const hintMs = Number.parseInt(response.headers.get("openai-poll-after-ms") ?? "", 10);
        await sleep(Number.isNaN(hintMs) ? OPENAI_DEFAULT_POLL_MS : hintMs);
      }
    },
  },
  {
    name: "fixed 5 s loop (AI SDK)",
    provider: "openai",
    key: "bench-key-openai-loop",
    async run(prompt, { openaiUrl }) {
      const client = openaiClient(openaiUrl, "bench-key-openai-loop");
      const { id } = await client.videos.create(openaiBody(prompt));
      await fixedLoop(() => client.videos.retrieve(id), openaiDone);
    },
  },
];
