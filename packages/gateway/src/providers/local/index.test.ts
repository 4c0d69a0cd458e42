import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ProviderTask } from "../../core/types.ts";
import type { PollResult, ProviderAdapter } from "../provider.ts";
import { createLocalProvider, renderIdFor } from "./index.ts";
import { localContext, localRequest, pollUntilDone, probe } from "./test-support/fixtures.ts";

let directory = "";
let providers: ProviderAdapter[] = [];

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "reelay-local-"));
});
afterEach(async () => {
  await Promise.all(providers.map((provider) => provider.close?.()));
  providers = [];
  await rm(directory, { recursive: true, force: true });
});

function localProvider(concurrency = 2): ProviderAdapter {
  const provider = createLocalProvider({ outputDir: directory, concurrency });
  providers.push(provider);
  return provider;
}

async function pollUntil(
  provider: ProviderAdapter,
  task: ProviderTask,
  jobId: string,
  predicate: (result: PollResult) => boolean,
): Promise<PollResult> {
  for (let attempt = 0; attempt < 3000; attempt += 1) {
    const result = await provider.poll(task, localContext(jobId));
    if (predicate(result)) return result;
    if (result.state !== "queued" && result.state !== "running") throw new Error(`ended ${result.state}`);
    await sleep(10);
  }
  throw new Error("condition never held");
}

const isRunningWithProgress = (result: PollResult): boolean => result.state === "running" && (result.progress ?? 0) > 0;

describe("local provider", () => {
  it("declares itself available and idempotent", () => {
    const provider = localProvider();
    expect(provider.id).toBe("local");
    expect(provider.idempotentStart).toBe(true);
    expect(provider.unavailableReason()).toBeNull();
  });

  it("renders off the main thread with rising progress, then points at a probed MP4", async () => {
    const provider = localProvider();
    const request = localRequest({ durationSeconds: 6, resolution: "480p", audio: true });
    const started = await provider.start(request, localContext("job-progress"));
    expect(started.warnings).toEqual([]);
    expect(started.task).toMatchObject({ outputPath: expect.stringContaining(directory) });

    const results = await pollUntilDone(provider, started.task, "job-progress");
    const final = results[results.length - 1];
    expect(results[0]?.state).not.toBe("succeeded");
    const progress = results.flatMap((result) =>
      result.state === "running" && result.progress !== undefined ? [result.progress] : [],
    );
    const between = progress.filter((value) => value > 0 && value < 1);
    expect(new Set(between).size).toBeGreaterThanOrEqual(3);
    for (let index = 1; index < progress.length; index += 1) {
      expect(progress[index]).toBeGreaterThanOrEqual(progress[index - 1] ?? 0);
    }

    expect(final?.state).toBe("succeeded");
    if (final?.state !== "succeeded") return;
    const output = final.outputs[0];
    expect(output).toMatchObject({ kind: "video", mediaType: "video/mp4", source: { type: "file" } });
    const path = output?.source.type === "file" ? output.source.path : "";
    const result = await probe(path);
    expect([result.width, result.height]).toEqual([854, 480]);
    expect(Math.abs(result.durationSeconds - 6)).toBeLessThanOrEqual(0.1);
    expect(result.audioCodec).toBe("aac");
    // Only the finished file remains: the temp file was renamed, not copied.
    expect(await readdir(directory)).toEqual([path.slice(directory.length + 1)]);
  });

  it("says when a render ended, naming it as upstreamId names its task, with the file already in place", async () => {
    let renderEnded: (renderId: string) => void = () => undefined;
    const endedId = new Promise<string>((resolve) => {
      renderEnded = resolve;
    });
    const provider = createLocalProvider({
      outputDir: directory,
      concurrency: 1,
      onRenderEnded: (id) => renderEnded(id),
    });
    providers.push(provider);
    const started = await provider.start(localRequest({ durationSeconds: 1 }), localContext("job-ended"));
    expect(await endedId).toBe(provider.upstreamId?.(started.task));
    expect((await provider.poll(started.task, localContext("job-ended"))).state).toBe("succeeded");
  });

  it("does not render a job twice when start is repeated", async () => {
    const provider = localProvider();
    const request = localRequest({ durationSeconds: 1 });
    const first = await provider.start(request, localContext("job-twice"));
    await pollUntilDone(provider, first.task, "job-twice");
    const second = await provider.start(request, localContext("job-twice"));
    expect(second.task).toEqual(first.task);
    // The finished file answers at once: no second render was queued.
    expect((await provider.poll(second.task, localContext("job-twice"))).state).toBe("succeeded");
  });

  it("runs at most `concurrency` renders; the rest wait queued", async () => {
    const provider = localProvider(1);
    const first = await provider.start(
      localRequest({ durationSeconds: 6, resolution: "480p" }),
      localContext("job-first"),
    );
    const second = await provider.start(localRequest({ durationSeconds: 1 }), localContext("job-second"));
    await pollUntil(provider, first.task, "job-first", isRunningWithProgress);
    expect((await provider.poll(second.task, localContext("job-second"))).state).toBe("queued");

    const firstResults = await pollUntilDone(provider, first.task, "job-first");
    expect(firstResults[firstResults.length - 1]?.state).toBe("succeeded");
    const secondResults = await pollUntilDone(provider, second.task, "job-second");
    expect(secondResults[secondResults.length - 1]?.state).toBe("succeeded");
  });

  it("cancels a running render and removes its partial file", async () => {
    const provider = localProvider(1);
    const started = await provider.start(
      localRequest({ durationSeconds: 8, resolution: "720p" }),
      localContext("job-cancel"),
    );
    await pollUntil(provider, started.task, "job-cancel", isRunningWithProgress);
    expect((await readdir(directory)).some((name) => name.endsWith(".partial.mp4"))).toBe(true);

    const cancelAt = performance.now();
    expect(await provider.cancel?.(started.task, localContext("job-cancel"))).toEqual({
      upstream: "cancelled",
    });
    // Stopped between two frames, not after the whole 8 s render (which takes seconds).
    expect(performance.now() - cancelAt).toBeLessThan(1000);
    expect(await readdir(directory)).toEqual([]);
    expect(await provider.poll(started.task, localContext("job-cancel"))).toEqual({ state: "cancelled" });

    // The render slot is free again.
    const next = await provider.start(localRequest({ durationSeconds: 1 }), localContext("job-after"));
    const results = await pollUntilDone(provider, next.task, "job-after");
    expect(results[results.length - 1]?.state).toBe("succeeded");
  });

  it("cancels a queued render without running it", async () => {
    const provider = localProvider(1);
    const first = await provider.start(
      localRequest({ durationSeconds: 4, resolution: "480p" }),
      localContext("job-running"),
    );
    const queued = await provider.start(localRequest({ durationSeconds: 1 }), localContext("job-queued"));
    expect((await provider.poll(queued.task, localContext("job-queued"))).state).toBe("queued");
    await provider.cancel?.(queued.task, localContext("job-queued"));
    expect(await provider.poll(queued.task, localContext("job-queued"))).toEqual({ state: "cancelled" });
    const results = await pollUntilDone(provider, first.task, "job-running");
    expect(results[results.length - 1]?.state).toBe("succeeded");
    expect(existsSync(String(queued.task.outputPath))).toBe(false);
  });

  it("renders again from zero a task it does not know, and trusts a finished file", async () => {
    // The first process starts a render and goes away before it finishes.
    const crashed = localProvider();
    const started = await crashed.start(localRequest({ durationSeconds: 2, seed: 3 }), localContext("job-restart"));
    await crashed.close?.();
    expect(existsSync(String(started.task.outputPath))).toBe(false);

    const restarted = localProvider();
    const firstPoll = await restarted.poll(started.task, localContext("job-restart"));
    expect(["queued", "running"]).toContain(firstPoll.state);
    const results = await pollUntilDone(restarted, started.task, "job-restart");
    expect(results[results.length - 1]?.state).toBe("succeeded");
    const result = await probe(String(started.task.outputPath));
    expect(Math.abs(result.durationSeconds - 2)).toBeLessThanOrEqual(0.1);

    // Yet another process finds the complete file and answers at once.
    const third = localProvider();
    expect((await third.poll(started.task, localContext("job-restart"))).state).toBe("succeeded");
  });

  it("forgets nothing on cancel after a restart: the file goes, a late poll says cancelled", async () => {
    const first = localProvider();
    const started = await first.start(localRequest({ durationSeconds: 1 }), localContext("job-late"));
    await pollUntilDone(first, started.task, "job-late");
    expect(existsSync(String(started.task.outputPath))).toBe(true);

    const restarted = localProvider();
    expect(await restarted.cancel?.(started.task, localContext("job-late"))).toEqual({
      upstream: "cancelled",
    });
    expect(existsSync(String(started.task.outputPath))).toBe(false);
    expect(await restarted.poll(started.task, localContext("job-late"))).toEqual({ state: "cancelled" });
  });

  it("reports a render whose thread dies as failed with provider_error", async () => {
    const provider = createLocalProvider({
      outputDir: directory,
      concurrency: 1,
      workerUrl: new URL("data:text/javascript,throw new Error('encoder library missing')"),
    });
    providers.push(provider);
    const started = await provider.start(localRequest(), localContext("job-broken"));
    const results = await pollUntilDone(provider, started.task, "job-broken");
    expect(results[results.length - 1]).toEqual({
      state: "failed",
      failure: { code: "provider_error", message: "Local render failed: encoder library missing" },
    });
    expect(await readdir(directory)).toEqual([]);
  });

  it("fails a task that is not one of its own", async () => {
    const provider = localProvider();
    const result = await provider.poll({ renderId: "../../etc/passwd" }, localContext("job-bad"));
    expect(result).toMatchObject({ state: "failed", failure: { code: "provider_error" } });
  });

  it("names a task upstream by its render id, and a foreign task by nothing", async () => {
    const provider = localProvider();
    const started = await provider.start(localRequest({ durationSeconds: 1 }), localContext("job/upstream id"));
    expect(provider.upstreamId?.(started.task)).toBe(renderIdFor("job/upstream id"));
    expect(provider.upstreamId?.({ renderId: "../../etc/passwd", request: {} })).toBeNull();
    await pollUntilDone(provider, started.task, "job/upstream id");
  });
});
