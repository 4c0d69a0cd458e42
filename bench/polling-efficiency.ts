/**
 * Polling efficiency: jobs of known render time on the Runway and OpenAI fakes, followed to the
 * end by Reelay (the SDK's `jobs.wait` on a real gateway) and, side by side on the same fakes at
 * the same time, by the wait helpers users would otherwise run. Counted at the fake: calls per job
 * and the lag from the moment the fake's task finished to the moment the caller knew.
 *
 *   npm run bench:polling
 */
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { createOpenAiFake } from "../packages/gateway/src/providers/openai/fake.ts";
import { createRunwayFake } from "../packages/gateway/src/providers/runway/fake.ts";
import { fakeAsset } from "../packages/gateway/src/providers/openai/fake-assets.ts";
import { fakeVideo, type FakeTiming } from "../packages/gateway/src/providers/shared/fake-server.ts";
import {
  benchToken,
  OPENAI_ROUTES,
  RUNWAY_ROUTES,
  serveCountingFake,
  type CountingFake,
} from "./support/counting-fake.ts";
import { printResult, table } from "./support/markdown.ts";
import { spawnGateway, type GatewayProcess } from "./support/spawn-gateway.ts";
import { fixed, mean, median, quantile, ratio } from "./support/stats.ts";
import { CONTENDERS, REELAY_UPSTREAM_KEY, type Contender } from "./support/wait-contenders.ts";

const QUEUED_MS = 1_000;
/**
 * Whole task times (queue + render) of the four scenarios, run at once on fakes of their own.
 * They fall at different points of a 5 s cadence (n × 5 s + 0.6, 1.85, 3.1, 4.35 s), since a
 * fixed-interval poller's lag depends only on where the finish falls between two of its polls.
 */
const TASK_MS = [10_600, 21_850, 33_100, 49_350];
const JOBS_PER_CONTENDER = 3;
/** Jobs start at random moments within this, so no caller's cadence lines up with another's. */
const STAGGER_MS = 5_000;

/** One fake setup, run for every task time with a gateway of its own. */
interface Variant {
  title: string;
  provider: Contender["provider"];
  start(timing: FakeTiming): Promise<CountingFake>;
  gatewayEnv(url: string): Record<string, string>;
  /** Only Reelay runs, compared with the helpers of this variant (they would run exactly as there). */
  helpersFrom?: Variant;
  /** Wiring once both the fake and the gateway are up. */
  connect?(fake: CountingFake, gateway: GatewayProcess): void;
}

/** Reelay's secret for the OpenAI fake's webhooks (Standard Webhooks' `whsec_` form). */
const WEBHOOK_SECRET = `whsec_${randomBytes(32).toString("base64")}`;

const openaiEnv = (url: string) => ({
  REELAY_OPENAI_BASE_URL: `${url}/v1`,
  REELAY_OPENAI_API_KEY: REELAY_UPSTREAM_KEY,
});
const withoutHint = (timing: FakeTiming) =>
  serveCountingFake(createOpenAiFake({ timing }), OPENAI_ROUTES, { dropHeaders: ["openai-poll-after-ms"] });
const OPENAI_WITHOUT_HINT: Variant = {
  title: "OpenAI (Sora) fake without the hint (whether the real API sends it is unverified)",
  provider: "openai",
  start: withoutHint,
  gatewayEnv: openaiEnv,
};
const VARIANTS: Variant[] = [
  {
    title: "Runway fake",
    provider: "runway",
    start: (timing) => serveCountingFake(createRunwayFake({ timing }), RUNWAY_ROUTES),
    gatewayEnv: (url) => ({ REELAY_RUNWAY_BASE_URL: url, REELAY_RUNWAY_API_KEY: REELAY_UPSTREAM_KEY }),
  },
  {
    title: "OpenAI (Sora) fake, with its `openai-poll-after-ms` hint",
    provider: "openai",
    start: (timing) => serveCountingFake(createOpenAiFake({ timing }), OPENAI_ROUTES),
    gatewayEnv: openaiEnv,
  },
  OPENAI_WITHOUT_HINT,
  {
    title: "OpenAI (Sora) fake without the hint, sending its webhooks to Reelay",
    provider: "openai",
    start: withoutHint,
    gatewayEnv: (url) => ({ ...openaiEnv(url), REELAY_OPENAI_WEBHOOK_SECRET: WEBHOOK_SECRET }),
    helpersFrom: OPENAI_WITHOUT_HINT,
    connect: (fake, gateway) =>
      fake.fake.callbacks?.configure({ url: `${gateway.url}/callbacks/openai`, secret: WEBHOOK_SECRET }),
  },
];

/** Printed under the verdicts when Reelay misses either target. */
const WHY_NOT = [
  "Why not: Reelay times each poll from the provider's own progress (`jobs/poll-schedule.ts`): two readings give the",
  "pace, polls come at most half the remaining time apart, and the next one lands just after the finish the pace",
  "predicts. A miss means the pace did not hold (progress that jumps or stalls) or the provider reports none; then",
  "the expected finish from the render history only brings polls forward, and the provider's interval decides.",
  "What would fix it: a provider callback (the webhook variant above: a callback makes Reelay poll at once), or a",
  "render history of the same kind of job, which puts the expected finish close to the real one.",
].join("\n");

interface JobMeasure {
  variant: Variant;
  contender: Contender;
  taskMs: number;
  /** Status reads of the task, and other calls naming it (Reelay's download of the video). */
  statusCalls: number;
  otherCalls: number;
  /** From the fake's task finishing to the caller knowing. */
  lagMs: number;
  /** From the task finishing to the first status read that could see it. */
  detectLagMs: number;
}

function measureJob(
  variant: Variant,
  contender: Contender,
  taskMs: number,
  token: string,
  knownAtMs: number,
  fake: CountingFake,
): JobMeasure {
  const task = fake.tasksByToken.get(token);
  if (task === undefined) throw new Error(`no task was created for ${token}`);
  const finishedAtMs = task.createdAtMs + taskMs;
  const calls = fake.calls.filter((call) => call.taskId === task.taskId);
  const detecting = calls.find((call) => call.kind === "status" && call.atMs >= finishedAtMs);
  return {
    variant,
    contender,
    taskMs,
    statusCalls: calls.filter((call) => call.kind === "status").length,
    otherCalls: calls.filter((call) => call.kind === "other").length,
    lagMs: knownAtMs - finishedAtMs,
    detectLagMs: (detecting?.atMs ?? Number.NaN) - finishedAtMs,
  };
}

interface Scenario {
  variant: Variant;
  taskMs: number;
  fake: CountingFake;
  gateway: GatewayProcess;
}

async function prepare(variant: Variant, taskMs: number): Promise<Scenario> {
  const fake = await variant.start({ queuedMs: QUEUED_MS, renderMs: taskMs - QUEUED_MS });
  const gateway = await spawnGateway(variant.gatewayEnv(fake.url));
  variant.connect?.(fake, gateway);
  return { variant, taskMs, fake, gateway };
}

const contendersOf = (variant: Variant) =>
  CONTENDERS.filter((contender) => contender.provider === variant.provider).slice(
    0,
    variant.helpersFrom ? 1 : undefined,
  );

function run({ variant, taskMs, fake, gateway }: Scenario): Promise<JobMeasure[]> {
  const upstreams = { runwayUrl: fake.url, openaiUrl: fake.url, reelayUrl: gateway.url };
  const contenders = contendersOf(variant);
  return Promise.all(
    contenders.flatMap((contender, contenderIndex) =>
      Array.from({ length: JOBS_PER_CONTENDER }, async (_, index) => {
        await sleep(Math.random() * STAGGER_MS);
        const token = benchToken(String(contenderIndex), index);
        await contender.run(`A lighthouse at dusk, waves rolling in ${token}`, upstreams);
        return measureJob(variant, contender, taskMs, token, Date.now(), fake);
      }),
    ),
  );
}

// The fakes encode their sample MP4 on first use, which would stall every caller in this process
// for a moment mid-run; encoded now, it is served from their cache. Every gateway is up before any
// job starts, so start-up work does not delay the first polls either.
await Promise.all([
  fakeVideo(1280, 720, 5),
  fakeAsset("video", "1280x720", "4"),
  fakeAsset("thumbnail", "1280x720", "4"),
]);
const scenarios: Scenario[] = [];
for (const variant of VARIANTS) for (const taskMs of TASK_MS) scenarios.push(await prepare(variant, taskMs));
let measures: JobMeasure[];
try {
  measures = (await Promise.all(scenarios.map(run))).flat();
} finally {
  await Promise.all(scenarios.map(async ({ fake, gateway }) => Promise.all([gateway.close(), fake.close()])));
}

const seconds = (ms: number) => fixed(ms / 1000, 2);
const callsPerJob = (jobs: JobMeasure[]) => mean(jobs.map((job) => 1 + job.statusCalls));
const lagMedian = (jobs: JobMeasure[]) => median(jobs.map((job) => job.lagMs));

const parts: string[] = [
  `${JOBS_PER_CONTENDER} jobs per caller and task time, all running at once (starts spread over ${STAGGER_MS / 1000} s). Each task queues ${QUEUED_MS / 1000} s, then renders; whole task times ${TASK_MS.map((ms) => seconds(ms)).join(" / ")} s. Calls are counted at the fake: calls per job = 1 create + status reads (Reelay also downloads the video once, counted apart). Lag = the caller knowing − the fake's task finishing; Reelay's caller knows once the video is re-hosted (downloaded, probed, thumbnailed) and the terminal event has reached it.`,
];
const verdicts: string[] = [];
for (const variant of VARIANTS) {
  const [reelay] = contendersOf(variant);
  if (reelay === undefined) throw new Error("no Reelay contender");
  const helpers = contendersOf(variant.helpersFrom ?? variant).slice(1);
  const jobsOf = (contender: Contender) =>
    measures.filter(
      (job) =>
        job.variant === (contender === reelay ? variant : (variant.helpersFrom ?? variant)) &&
        job.contender === contender,
    );
  const rows = contendersOf(variant).map((contender) => {
    const jobs = jobsOf(contender);
    const lags = jobs.map((job) => job.lagMs);
    return [
      contender.name,
      ...TASK_MS.map((taskMs) =>
        fixed(median(jobs.filter((job) => job.taskMs === taskMs).map((job) => 1 + job.statusCalls)), 1),
      ),
      fixed(callsPerJob(jobs), 2),
      seconds(median(lags)),
      seconds(quantile(lags, 0.9)),
      seconds(Math.max(...lags)),
    ];
  });
  const reelayJobs = jobsOf(reelay);
  parts.push(
    `### ${variant.title}`,
    table(
      [
        "caller",
        ...TASK_MS.map((ms) => `calls/job, ${seconds(ms)} s task`),
        "calls/job, all",
        "lag p50 s",
        "lag p90 s",
        "lag max s",
      ],
      rows,
    ),
    [
      `- Reelay's lag, split: its poll saw the finished task ${seconds(median(reelayJobs.map((job) => job.detectLagMs)))} s after the finish (median); re-hosting and the event to the client took ${seconds(median(reelayJobs.map((job) => job.lagMs - job.detectLagMs)))} s more. Downloads per job: ${fixed(mean(reelayJobs.map((job) => job.otherCalls)), 1)}.`,
      ...helpers.map(
        (helper) =>
          `- Reelay / ${helper.name}${variant.helpersFrom ? " (its jobs above)" : ""}: calls per job ${ratio(callsPerJob(reelayJobs), callsPerJob(jobsOf(helper)))}, median lag ${ratio(lagMedian(reelayJobs), lagMedian(jobsOf(helper)))}`,
      ),
    ].join("\n"),
  );
  const lagMet = lagMedian(reelayJobs) <= 1_000;
  const callsMet = helpers.every((helper) => callsPerJob(reelayJobs) < callsPerJob(jobsOf(helper)));
  verdicts.push(
    `- ${variant.title}: median lag ≤ 1 s ${lagMet ? "met" : "**not met**"} (${seconds(lagMedian(reelayJobs))} s); fewer calls per job than every helper ${callsMet ? "met" : "**not met**"}.`,
  );
}
parts.push("### Acceptance 2", verdicts.join("\n"));
if (verdicts.some((verdict) => verdict.includes("not met"))) parts.push(WHY_NOT);
printResult(parts);
