import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ProviderCallError, type ProviderCallErrorOptions } from "../core/errors.ts";
import type { JobRecord, ProviderOutput } from "../core/types.ts";
import { createFileMediaStore } from "../media/file-media-store.ts";
import { createOutputRehoster } from "../media/rehost-output.ts";
import { inputImageUrl } from "../media/input-image-url.ts";
import { createUrlSigner } from "../media/signed-url.ts";
import { createImagePreparer } from "../uploads/image-preparer.ts";
import { makeSyntheticVideo } from "../media/synthetic-video.ts";
import { localModels } from "../providers/local/models.ts";
import type { PollResult, ProviderAdapter, ProviderContext, StartResult } from "../providers/provider.ts";
import { runJobStep, type JobStepDependencies } from "./job-step.ts";
import type { JobStore } from "./job-store.ts";
import { openSqliteJobStore } from "./sqlite-job-store.ts";
import { createSqliteRenderHistory } from "./sqlite-render-history.ts";
import { openSqliteDatabase } from "../db/sqlite-database.ts";
import type { RenderHistory } from "./render-history.ts";
import { makeJobRecord, TEST_EPOCH_MS } from "./test-support/make-job-record.ts";

type Scripted<T> = T | ProviderCallError | Error;

/**
 * A provider whose answers a test scripts call by call, counting what Reelay asked of it. It is
 * the provider side of the contract, not a stand-in for Reelay's own code.
 */
class ScriptedProvider implements ProviderAdapter {
  readonly id = "local" as const;
  starts = 0;
  polls = 0;
  cancels = 0;
  cancel?: ProviderAdapter["cancel"];
  findStarted?: ProviderAdapter["findStarted"];
  /** The callback URL each start was given. */
  callbackUrls: Array<string | null> = [];
  constructor(
    readonly idempotentStart: boolean,
    private readonly startScript: Array<Scripted<StartResult>>,
    private readonly pollScript: Array<Scripted<PollResult>>,
    cancellable = true,
  ) {
    if (cancellable) {
      this.cancel = async () => {
        this.cancels++;
        return { upstream: "cancelled" };
      };
    }
  }
  unavailableReason = () => null;
  upstreamId = (task: Record<string, unknown>) => String(task.id);
  async start(_request: unknown, context: ProviderContext): Promise<StartResult> {
    this.callbackUrls.push(context.callbackUrl);
    return unwrap(this.startScript[Math.min(this.starts++, this.startScript.length - 1)]);
  }
  async poll(): Promise<PollResult> {
    return unwrap(this.pollScript[Math.min(this.polls++, this.pollScript.length - 1)]);
  }
}

function unwrap<T>(entry: Scripted<T> | undefined): T {
  if (entry === undefined) throw new Error("script ran out");
  if (entry instanceof Error) throw entry;
  return entry;
}

const callError = (options: Partial<ProviderCallErrorOptions> & Pick<ProviderCallErrorOptions, "kind">) =>
  new ProviderCallError(`simulated ${options.kind}`, { retryable: true, delivery: "answered", ...options });

const started: StartResult = { task: { id: "task-1" }, warnings: [], pollAfterMs: 1_000 };

describe("runJobStep", () => {
  let dir: string;
  let server: Server;
  let videoUrl: string;
  let downloadFailuresLeft = 0;
  let downloads = 0;
  let store: JobStore;
  let history: RenderHistory;
  let now: number;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "reelay-step-"));
    const video = Buffer.from(await makeSyntheticVideo({ durationSeconds: 1 }));
    server = createServer((request, response) => {
      if (request.url === "/gone.mp4") return void response.writeHead(404).end();
      downloads++;
      if (downloadFailuresLeft-- > 0) return void response.writeHead(503).end();
      response.writeHead(200, { "content-type": "video/mp4" }).end(video);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    videoUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/video.mp4`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    const file = path.join(dir, `${Math.random()}.db`);
    store = openSqliteJobStore(file);
    history = createSqliteRenderHistory(openSqliteDatabase(file));
    now = TEST_EPOCH_MS;
    downloadFailuresLeft = 0;
    downloads = 0;
  });

  const media = () => createFileMediaStore(dir);
  const signer = createUrlSigner(Buffer.from("x".repeat(32)), () => "http://127.0.0.1");

  function dependencies(provider: ProviderAdapter): JobStepDependencies {
    return {
      store,
      clock: { now: () => now },
      fetch,
      logger: pino({ level: "silent" }),
      backoff: { baseMs: 1_000, maxMs: 8_000 },
      maxDownloadAttempts: 3,
      maxPollErrors: 3,
      maxSubmitAttempts: 3,
      callTimeoutMs: 5_000,
      resolveModel: () => ({ spec: localModels[0]!, adapter: provider }),
      rehoster: createOutputRehoster({ store: media(), fetch, maxBytes: 10_000_000, timeoutMs: 5_000 }),
      openImage: createImagePreparer({
        media: media(),
        inputUrl: inputImageUrl({ media: media(), signer, presign: false, now: () => now }),
      }).open,
      renderHistory: history,
      typicalRenderSeconds: () => 40,
      callbackUrl: (providerId) => `http://127.0.0.1:9/callbacks/${providerId}`,
    };
  }

  /** Moves time to when the job is due, claims it and runs one step; returns the job after. */
  async function step(job: JobRecord, provider: ProviderAdapter): Promise<JobRecord> {
    const current = (await store.get(job.tenantId, job.id))!;
    now = Math.max(now, current.nextRunAt);
    const [claimed] = await store.claimDue("test", now, 30_000, 1);
    expect(claimed?.job.id).toBe(job.id);
    await runJobStep(claimed!.job, claimed!.leaseToken, dependencies(provider));
    return (await store.get(job.tenantId, job.id))!;
  }

  async function insert(overrides: Partial<JobRecord> = {}): Promise<JobRecord> {
    const job = makeJobRecord(overrides);
    await store.insert(job);
    return job;
  }

  const videoOutput = (): ProviderOutput[] => [{ kind: "video", source: { type: "url", url: videoUrl } }];

  it("submits, polls with provider progress, re-hosts and succeeds", async () => {
    const provider = new ScriptedProvider(
      false,
      [started],
      [
        { state: "running", progress: 0.4 },
        { state: "succeeded", outputs: videoOutput() },
      ],
    );
    const job = await insert();
    const submitted = await step(job, provider);
    expect(submitted).toMatchObject({
      status: "running",
      providerTask: { id: "task-1" },
      upstreamId: "task-1",
      nextRunAt: now + 1_000,
    });
    expect(submitted.submittingSince).not.toBeNull();
    expect(provider.callbackUrls).toEqual(["http://127.0.0.1:9/callbacks/local"]);
    expect(await step(job, provider)).toMatchObject({ status: "running", progress: 0.4, progressSource: "provider" });
    const done = await step(job, provider);
    expect(done).toMatchObject({ status: "succeeded", progress: 1, failure: null });
    expect(done.video?.durationSeconds).toBeCloseTo(1, 1);
    expect(done.leaseToken).toBeNull();
    expect(provider.starts).toBe(1);
  });

  it("estimates progress and an ETA when the provider reports none, and learns the render time", async () => {
    const provider = new ScriptedProvider(
      false,
      [started],
      [{ state: "running" }, { state: "running" }, { state: "succeeded", outputs: videoOutput() }],
    );
    const job = await insert();
    const submitted = await step(job, provider);
    expect(submitted).toMatchObject({ progress: 0, progressSource: "estimated" });
    expect(submitted.expectedFinishAt).toBe((submitted.startedAt ?? 0) + 40_000);
    now = (submitted.startedAt ?? 0) + 10_000;
    const first = await step(job, provider);
    expect(first).toMatchObject({ progress: 0.25, progressSource: "estimated" });
    now += 10_000;
    expect((await step(job, provider)).progress).toBe(0.5);
    now += 10_000;
    expect((await step(job, provider)).status).toBe("succeeded");
    const key = { model: job.model, durationSeconds: job.request.durationSeconds, resolution: job.request.resolution };
    expect(await history.expectedSeconds(key)).toBe(30);
    const next = await insert({ createdAt: TEST_EPOCH_MS + 1 });
    const nextSubmitted = await step(next, new ScriptedProvider(false, [started], []));
    expect(nextSubmitted.expectedFinishAt).toBe((nextSubmitted.startedAt ?? 0) + 30_000);
  });

  it("never re-sends a create whose outcome is unknown after a crash", async () => {
    const provider = new ScriptedProvider(false, [started], []);
    const job = await insert({ submittingSince: TEST_EPOCH_MS - 10 });
    const after = await step(job, provider);
    expect(after.status).toBe("failed");
    expect(after.failure?.code).toBe("submission_unknown");
    expect(after.failure?.message).toMatch(/dashboard/);
    expect(provider.starts).toBe(0);
  });

  it("says no answer came and the search failed, not that the server stopped, when a failed search is retried", async () => {
    const provider = new ScriptedProvider(false, [callError({ kind: "timeout", delivery: "unknown" })], []);
    let lookups = 0;
    provider.findStarted = async () => {
      lookups++;
      throw new Error("simulated lookup failure");
    };
    const job = await insert();
    expect(await step(job, provider)).toMatchObject({ status: "queued", attempts: 1 });
    expect(await step(job, provider)).toMatchObject({ status: "queued", attempts: 2 });
    const after = await step(job, provider);
    expect(after.failure?.code).toBe("submission_unknown");
    expect(after.failure?.message).toMatch(
      /no answer came, and an earlier search of local's records for the generation failed/,
    );
    expect(after.failure?.message).not.toMatch(/server stopped/);
    expect(lookups).toBe(3);
    expect(provider.starts).toBe(1);
  });

  it("re-sends it when the provider's creates are idempotent", async () => {
    const provider = new ScriptedProvider(true, [started], []);
    const job = await insert({ submittingSince: TEST_EPOCH_MS - 10 });
    expect((await step(job, provider)).status).toBe("running");
    expect(provider.starts).toBe(1);
  });

  it("fails with submission_unknown when a create times out after it may have been sent", async () => {
    const provider = new ScriptedProvider(false, [callError({ kind: "timeout", delivery: "unknown" })], []);
    const after = await step(await insert(), provider);
    expect(after.failure?.code).toBe("submission_unknown");
    expect(provider.starts).toBe(1);
  });

  it("retries a create that certainly never left, with backoff", async () => {
    const provider = new ScriptedProvider(false, [callError({ kind: "network", delivery: "not_sent" }), started], []);
    const job = await insert();
    const retried = await step(job, provider);
    expect(retried).toMatchObject({ status: "queued", attempts: 1, submittingSince: null });
    expect(retried.nextRunAt - now).toBeGreaterThanOrEqual(500);
    expect((await step(job, provider)).status).toBe("running");
    expect(provider.starts).toBe(2);
  });

  it("obeys Retry-After on a rate limit without spending an attempt", async () => {
    const provider = new ScriptedProvider(false, [callError({ kind: "rate_limited", retryAfterMs: 30_000 })], []);
    const retried = await step(await insert(), provider);
    expect(retried).toMatchObject({ status: "queued", attempts: 0 });
    expect(retried.nextRunAt).toBe(now + 30_000);
  });

  it("waits longer after each rate limit in a row that gives no Retry-After, and starts over once through", async () => {
    const limited = callError({ kind: "rate_limited" });
    const provider = new ScriptedProvider(
      false,
      [limited, limited, limited, limited, started],
      [limited, limited, { state: "running", progress: 0.5 }],
    );
    const job = await insert();
    const waits: number[] = [];
    for (let call = 0; call < 4; call++) {
      const after = await step(job, provider);
      expect(after).toMatchObject({ status: "queued", attempts: 0, rateLimits: call + 1 });
      waits.push(after.nextRunAt - now);
    }
    // Ceilings of 1, 2, 4 and 8 s, each jittered to between half and all of it.
    expect(waits.map((wait, index) => wait >= 500 * 2 ** index && wait <= 1_000 * 2 ** index)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(await step(job, provider)).toMatchObject({ status: "running", rateLimits: 0 });
    expect((await step(job, provider)).rateLimits).toBe(1);
    expect((await step(job, provider)).rateLimits).toBe(2);
    expect(await step(job, provider)).toMatchObject({ status: "running", progress: 0.5, rateLimits: 0, attempts: 0 });
    expect(provider.starts).toBe(5);
  });

  it("fails at once with invalid_input when the provider rejects the request", async () => {
    const provider = new ScriptedProvider(false, [callError({ kind: "bad_request", retryable: false })], []);
    expect((await step(await insert(), provider)).failure?.code).toBe("invalid_input");
  });

  it("uses the failure the provider's answer names, keeping its message", async () => {
    const refused = new ProviderCallError("vidu answered HTTP 400: TaskPromptPolicyViolation", {
      kind: "bad_request",
      retryable: false,
      delivery: "answered",
      failureCode: "content_filtered",
    });
    const after = await step(await insert(), new ScriptedProvider(false, [refused], []));
    expect(after.failure).toEqual({ code: "content_filtered", message: refused.message });
  });

  it("keeps polling through provider errors instead of failing a paid render", async () => {
    const provider = new ScriptedProvider(
      false,
      [started],
      [
        callError({ kind: "unavailable" }),
        callError({ kind: "unavailable" }),
        callError({ kind: "unavailable" }),
        callError({ kind: "unavailable" }),
        { state: "succeeded", outputs: videoOutput() },
      ],
    );
    const job = await insert();
    await step(job, provider);
    for (let index = 0; index < 4; index++) expect((await step(job, provider)).status).toBe("running");
    expect((await step(job, provider)).status).toBe("succeeded");
  });

  it("retries a failed download without generating again", async () => {
    downloadFailuresLeft = 1;
    const provider = new ScriptedProvider(false, [started], [{ state: "succeeded", outputs: videoOutput() }]);
    const job = await insert();
    await step(job, provider);
    const afterFailure = await step(job, provider);
    expect(afterFailure).toMatchObject({ status: "running", attempts: 1 });
    expect(afterFailure.outputs).toHaveLength(1);
    expect((await step(job, provider)).status).toBe("succeeded");
    expect(downloads).toBe(2);
    expect(provider.starts).toBe(1);
    expect(provider.polls).toBe(1);
  });

  it("fails with output_expired when the output URL is gone", async () => {
    const gone: ProviderOutput[] = [{ kind: "video", source: { type: "url", url: videoUrl.replace("video", "gone") } }];
    const provider = new ScriptedProvider(false, [started], [{ state: "succeeded", outputs: gone }]);
    const job = await insert();
    await step(job, provider);
    expect((await step(job, provider)).failure?.code).toBe("output_expired");
  });

  it("turns a success without a video into no_output", async () => {
    const provider = new ScriptedProvider(false, [started], [{ state: "succeeded", outputs: [] }]);
    const job = await insert();
    await step(job, provider);
    expect((await step(job, provider)).failure?.code).toBe("no_output");
  });

  it("cancels upstream on a cancel request, and says so when the provider cannot", async () => {
    const cancellable = new ScriptedProvider(false, [started], [{ state: "running" }]);
    const first = await insert();
    await step(first, cancellable);
    await store.requestCancel(first.tenantId, first.id, now);
    expect(await step(first, cancellable)).toMatchObject({ status: "cancelled", failure: { code: "cancelled" } });
    expect(cancellable.cancels).toBe(1);

    const stuck = new ScriptedProvider(false, [started], [{ state: "running" }], false);
    const second = await insert();
    await step(second, stuck);
    await store.requestCancel(second.tenantId, second.id, now);
    const after = await step(second, stuck);
    expect(after.status).toBe("cancelled");
    expect(after.warnings.map((warning) => warning.code)).toEqual(["upstream_not_cancelled"]);
  });

  it("stops a job at its deadline", async () => {
    const provider = new ScriptedProvider(false, [started], [{ state: "running" }]);
    const job = await insert({ deadlineAt: TEST_EPOCH_MS + 5_000 });
    await step(job, provider);
    now = TEST_EPOCH_MS + 5_000;
    expect((await step(job, provider)).failure?.code).toBe("deadline_exceeded");
    expect(provider.cancels).toBe(1);
  });

  it("writes nothing when its lease was lost", async () => {
    const provider = new ScriptedProvider(false, [started], []);
    const job = await insert();
    const [stale] = await store.claimDue("old", now, 1_000, 1);
    now += 2_000;
    const [fresh] = await store.claimDue("new", now, 30_000, 1);
    expect(fresh?.job.id).toBe(job.id);
    await runJobStep(stale!.job, stale!.leaseToken, dependencies(provider));
    const after = (await store.get(job.tenantId, job.id))!;
    expect(after).toMatchObject({ status: "queued", submittingSince: null, leaseToken: fresh!.leaseToken });
    expect(provider.starts).toBe(0);
  });
});
