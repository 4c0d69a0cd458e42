import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import type { JobView } from "@reelay/client";
import { createTestPgDatabase, type TestPgDatabase } from "../db/test-support/pg-test-database.ts";
import { FAKES } from "../provider-registry.ts";
import { serveFake, type FakeProvider, type ServedFake } from "../providers/shared/fake-server.ts";
import { openEventStream, type ReceivedEvent } from "../test-support/read-events.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../webhooks/test-support/webhook-receiver.ts";
import { DELIVERY_LEASE_MS } from "../webhooks/webhooks.ts";
import { countCreates } from "./test-support/creates-per-job.ts";
import { createUntilAccepted, listAllJobs } from "./test-support/job-requests.ts";
import {
  baseEnvironment,
  FAST_TIMING,
  MODEL_OF,
  providerEnvironment,
  type RemoteProvider,
} from "./test-support/fake-environment.ts";
import { BUILT_CLI, freePort, startServe, startWorker, type ServeProcess } from "./test-support/serve-process.ts";

/*
 * Scale-out: three `reelay serve --no-worker` and two `reelay worker` processes (the built CLI)
 * on one PostgreSQL database, 500 jobs on six providers' fakes, created through whichever server
 * a client happens to reach. Mid-run one server and one worker are killed with SIGKILL and
 * started again. Every job has a subscriber on a random server's event stream, which moves to
 * another server when its connection breaks, and a webhook URL. Afterwards every job is terminal,
 * reached its provider once, every subscriber saw its job's end, and every webhook event was
 * dispatched once.
 */

const JOBS = 500;
const SERVERS = 3;
const WORKERS = 2;
/** One job created every this many ms: creates, polls and downloads all meet the kills. */
const CREATE_EVERY_MS = 16;
/** The kills fall when about this share of the jobs has been created. */
const KILL_AT_SHARE = 0.4;
/** A killed worker's leases expire after REELAY_LEASE_SECONDS; then its jobs are picked up again. */
const RECOVERY_BOUND_MS = 150_000;
const PROVIDERS: RemoteProvider[] = ["runway", "google", "openai", "pollo", "pixverse", "vidu"];
const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);
/** Job steps one worker runs at once: a kill cuts at most that many creates short. */
const WORKER_CONCURRENCY = 16;
/** Webhook attempts one worker may have in flight; a kill may cut that many after sending. */
const DELIVERY_CONCURRENCY = 8;

const providerOf = (index: number): RemoteProvider => PROVIDERS[index % PROVIDERS.length] ?? "runway";
const markerOf = (index: number) => `scale-job-${String(index).padStart(3, "0")}`;
const MARKER = /scale-job-(\d{3})/;
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

let database: TestPgDatabase | undefined;
let dataDir = "";
let receiver: WebhookReceiver | undefined;
const fakes = new Map<RemoteProvider, { fake: FakeProvider; served: ServedFake }>();
const servers: ServeProcess[] = [];
const workers: ServeProcess[] = [];

afterAll(async () => {
  await Promise.all([...servers, ...workers].map((process) => process.stop("SIGKILL")));
  await Promise.all([...fakes.values()].map(({ served }) => served.close()));
  await receiver?.close();
  await database?.drop();
  if (dataDir !== "") await rm(dataDir, { recursive: true, force: true });
});

/** The webhook secret the workers generated and keep in the database, as a receiver is given it. */
async function sharedWebhookSecret(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (;;) {
      const row = await client.query<{ value: Buffer }>(
        "SELECT value FROM shared_secrets WHERE name = 'webhook-secret'",
      );
      if (row.rows[0] !== undefined) return row.rows[0].value.toString("utf8").trim();
      await sleep(100);
    }
  } finally {
    await client.end();
  }
}

it(
  `runs ${JOBS} jobs on ${SERVERS} servers and ${WORKERS} workers sharing PostgreSQL, through two kills`,
  { timeout: 300_000 },
  async () => {
    expect(existsSync(BUILT_CLI), "run `npm run build` first: this test starts the built CLI").toBe(true);
    const startedAt = Date.now();
    database = await createTestPgDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), "reelay-scale-out-"));
    const ports = await Promise.all(Array.from({ length: SERVERS }, () => freePort()));
    const bases = ports.map((port) => `http://127.0.0.1:${port}`);
    let environment: Record<string, string> = {
      // Creates get time even on a loaded machine: only those a kill cuts short may end unknown.
      ...baseEnvironment(30),
      REELAY_DATABASE_URL: database.url,
      REELAY_LOG_LEVEL: "warn",
      REELAY_WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
      REELAY_LEASE_SECONDS: "10",
      REELAY_PUBLIC_URL: bases[0] ?? "",
    };
    for (const provider of PROVIDERS) {
      const fake = FAKES[provider]({ timing: FAST_TIMING });
      const served = await serveFake(fake.app);
      fakes.set(provider, { fake, served });
      environment = { ...environment, ...providerEnvironment(provider, served.url) };
    }
    // Media files are shared through one data dir on this machine; several machines share a bucket.
    const startServer = (index: number) => startServe(ports[index] ?? 0, dataDir, environment, ["--no-worker"]);
    servers.push(...(await Promise.all(ports.map((_, index) => startServer(index)))));
    workers.push(...(await Promise.all(Array.from({ length: WORKERS }, () => startWorker(dataDir, environment)))));
    receiver = await startWebhookReceiver(await sharedWebhookSecret(database.url));
    const webhookUrl = receiver.url;

    const create = (index: number) =>
      createUntilAccepted(() => pick(bases), markerOf(index), {
        model: MODEL_OF[providerOf(index)],
        prompt: `${markerOf(index)}: a lighthouse at dusk`,
        webhookUrl,
      });

    /** Follows a job's events on random servers, resuming after the last event, until its terminal one. */
    async function follow(id: string): Promise<{ last: ReceivedEvent; reconnects: number }> {
      let lastEventId = "";
      let reconnects = -1;
      for (;;) {
        reconnects += 1;
        const headers: Record<string, string> = lastEventId === "" ? {} : { "last-event-id": lastEventId };
        const stream = await openEventStream(`${pick(bases)}/api/v1/jobs/${id}/events`, headers).catch(() => null);
        if (stream === null || stream.response.status !== 200) {
          await sleep(200);
          continue;
        }
        try {
          for await (const event of stream.events) {
            lastEventId = event.id;
            if (TERMINAL.has(event.job.status)) {
              stream.close();
              return { last: event, reconnects };
            }
          }
        } catch {
          // The server went away mid-stream: resume on another one.
        }
        await sleep(100);
      }
    }

    /** Every job, read from a random server. */
    const listJobs = () => listAllJobs(pick(bases));

    const followed = Array.from({ length: JOBS }, async (_, index) => {
      await sleep(index * CREATE_EVERY_MS);
      const id = await create(index);
      return { index, id, ...(await follow(id)) };
    });
    const all = Promise.all(followed);
    // A refused job fails the test where `all` is awaited, after the kills.
    all.catch(() => undefined);

    await sleep(JOBS * CREATE_EVERY_MS * KILL_AT_SHARE);
    const unfinishedAtKill = (await listJobs())?.filter((job) => !TERMINAL.has(job.status)).length ?? null;
    const killedAtMs = Date.now() - startedAt;
    await Promise.all([servers[1]?.stop("SIGKILL"), workers[0]?.stop("SIGKILL")]);
    await sleep(1_000);
    servers[1] = await startServer(1);
    workers[0] = await startWorker(dataDir, environment);

    let finished: JobView[] = [];
    const deadline = Date.now() + RECOVERY_BOUND_MS;
    for (;;) {
      finished = (await listJobs()) ?? finished;
      if (finished.length === JOBS && finished.every((job) => TERMINAL.has(job.status))) break;
      if (Date.now() > deadline) break;
      await sleep(500);
    }
    const finishedMs = Date.now() - startedAt;
    const byId = new Map(finished.map((job) => [job.id, job]));
    expect(finished).toHaveLength(JOBS);
    expect(finished.filter((job) => !TERMINAL.has(job.status)).map((job) => job.id)).toEqual([]);
    const results = await all;

    // One create per job at the fakes; a create in flight at the kill may end submission_unknown.
    const { createsOf } = countCreates(fakes, MARKER);
    const wrong: string[] = [];
    const unknown: string[] = [];
    for (const { index, id } of results) {
      const job = byId.get(id);
      const creates = createsOf.get(index) ?? 0;
      const seen = `${markerOf(index)} (${providerOf(index)}, ${creates} creates)`;
      if (job?.failure?.code === "submission_unknown") {
        unknown.push(seen);
        if (creates > 1 || providerOf(index) === "pixverse") wrong.push(`${seen}: submission_unknown`);
      } else if (job?.status !== "succeeded" || creates !== 1) {
        wrong.push(`${seen}: ${job?.status ?? "missing"} ${job?.failure?.code ?? ""}`.trim());
      }
    }
    expect(wrong).toEqual([]);
    expect(unknown.length).toBeLessThanOrEqual(WORKER_CONCURRENCY);

    // Every subscriber saw its job end as the job did.
    for (const { id, last } of results) expect(last.job.status, id).toBe(byId.get(id)?.status);
    const reconnects = results.reduce((sum, result) => sum + result.reconnects, 0);

    // Every job's terminal webhook arrived, each event dispatched once (one webhook id per job and
    // type), every signature verified. A repeat of one id is the same delivery sent again after a
    // kill cut its attempt short: receivers dedupe by webhook id.
    // A delivery the killed worker had claimed goes out again once its claim lapses.
    const webhookDeadline = Math.max(Date.now() + 30_000, startedAt + killedAtMs + DELIVERY_LEASE_MS + 15_000);
    const terminalType = (job: JobView) => `job.${job.status}`;
    const arrived = () => {
      const ends = new Set(
        receiver!.received.filter((hook) => TERMINAL.has(hook.event.data.status)).map((hook) => hook.event.data.id),
      );
      return finished.every((job) => ends.has(job.id));
    };
    while (!arrived() && Date.now() < webhookDeadline) await sleep(250);
    const received = receiver.received;
    expect(received.filter((hook) => hook.verifyError !== null)).toEqual([]);
    const idsPerEvent = new Map<string, Set<string>>();
    for (const hook of received.filter((candidate) => candidate.event.type !== "job.progress")) {
      const key = `${hook.event.data.id} ${hook.event.type}`;
      idsPerEvent.set(key, (idsPerEvent.get(key) ?? new Set()).add(hook.id));
    }
    expect([...idsPerEvent].filter(([, ids]) => ids.size > 1).map(([key]) => key)).toEqual([]);
    for (const job of finished) expect(idsPerEvent.has(`${job.id} ${terminalType(job)}`), job.id).toBe(true);
    const repeats = received.length - new Set(received.map((hook) => hook.id)).size;
    expect(repeats).toBeLessThanOrEqual(DELIVERY_CONCURRENCY);

    // oxlint-disable-next-line no-console
    console.info(
      `scale-out: ${JOBS} jobs, ${SERVERS} servers + ${WORKERS} workers on PostgreSQL; kills at ${(killedAtMs / 1000).toFixed(1)}s ` +
        `(${unfinishedAtKill ?? "?"} unfinished); all terminal at ${(finishedMs / 1000).toFixed(1)}s; ` +
        `submission_unknown ${unknown.length}; stream reconnects ${reconnects}; webhooks ${received.length} (${repeats} repeated)`,
    );
    expect(unfinishedAtKill === null || unfinishedAtKill > 0).toBe(true);
  },
);
