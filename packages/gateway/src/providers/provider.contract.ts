import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../core/clock.ts";
import type { ModelSpec } from "../core/model-spec.ts";
import type { NormalizedRequest, ProviderId, ProviderOutput, ProviderTask } from "../core/types.ts";
import type { FaultRule } from "./shared/fake-faults.ts";
import type { PollResult, ProviderAdapter, ProviderContext } from "./provider.ts";
import { providerCallError } from "../test-support/provider-call-error.ts";

/** A fake provider running for a test, with its fault injector. */
export interface RunningFake {
  url: string;
  inject(rule: Partial<FaultRule> & Pick<FaultRule, "fault">): void;
  close(): Promise<void>;
}

export interface ProviderContractSetup {
  provider: ProviderId;
  /** The provider's active text-to-video models: each runs start → succeeded through the fake. */
  models: ModelSpec[];
  /** Starts the provider's fake with short timings. */
  startFake(): Promise<RunningFake>;
  /** The adapter, pointed at the fake's URL with `apiKey`. */
  createAdapter(baseUrl: string): ProviderAdapter;
  /** The key the adapter sends; it must never appear in an error. */
  apiKey: string;
  /** A prompt the fake answers with a content-filter result. */
  filteredPrompt: string;
  /** Path fragment of the create endpoint, for scripting faults. */
  createPath: string;
  /** Path fragment of the status endpoint. */
  pollPath: string;
  /** Method of the status call; GET unless the provider polls with POST (Vertex). */
  pollMethod?: "GET" | "POST";
  /** The variable that holds the key, named in auth failures. */
  keyVariable: string;
}

export function contractRequest(spec: ModelSpec, prompt = "A lighthouse at dusk, waves rolling in"): NormalizedRequest {
  return {
    model: spec.id,
    prompt,
    durationSeconds: spec.defaults.durationSeconds,
    aspectRatio: spec.defaults.aspectRatio,
    resolution: spec.defaults.resolution,
    audio: spec.defaults.audio,
    providerOptions: {},
    metadata: {},
  };
}

export function contractContext(spec: ModelSpec, timeoutMs = 5_000): ProviderContext {
  return {
    jobId: `job_contract_${Math.random().toString(36).slice(2)}`,
    spec,
    clock: systemClock,
    fetch,
    images: {},
    signal: AbortSignal.timeout(timeoutMs),
    callbackUrl: null,
  };
}

/** Polls until the fake's task is terminal, the way the worker would. */
export async function pollToEnd(adapter: ProviderAdapter, task: ProviderTask, spec: ModelSpec): Promise<PollResult> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const result = await adapter.poll(task, contractContext(spec));
    if (result.state !== "queued" && result.state !== "running") return result;
    if (Date.now() > deadline) throw new Error("the fake task never finished");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The output's bytes, read the way the re-hoster would (a URL with its headers, or a file). */
async function downloadOutput(output: ProviderOutput): Promise<Uint8Array> {
  if (output.source.type === "file") return new Uint8Array(await readFile(output.source.path));
  const response = await fetch(output.source.url, { headers: output.source.headers ?? {} });
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

/** Behaviour every provider adapter shows against its fake (DESIGN.md §4, §5). */
export function describeProviderContract(setup: ProviderContractSetup): void {
  describe(`${setup.provider} provider contract`, () => {
    let fake: RunningFake;
    let adapter: ProviderAdapter;
    const spec = setup.models[0];
    const pollMethod = setup.pollMethod ?? "GET";

    beforeAll(async () => {
      fake = await setup.startFake();
      adapter = setup.createAdapter(fake.url);
    });
    afterAll(async () => {
      await adapter?.close?.();
      await fake?.close();
    });

    it("has at least one model to run", () => {
      expect(spec).toBeDefined();
      expect(setup.models.every((model) => model.provider === setup.provider)).toBe(true);
    });

    it.each(setup.models.map((model) => [model.id, model] as const))(
      "%s: start → poll → succeeded with a downloadable MP4",
      async (_id, model) => {
        const started = await adapter.start(contractRequest(model), contractContext(model));
        const result = await pollToEnd(adapter, started.task, model);
        expect(result.state).toBe("succeeded");
        if (result.state !== "succeeded") return;
        // Outputs are persisted on the job: they must never carry the key.
        expect(JSON.stringify(result.outputs)).not.toContain(setup.apiKey);
        const video = result.outputs.find((output) => output.kind === "video") as ProviderOutput;
        expect(video).toBeDefined();
        const bytes = await downloadOutput(adapter.authorizeDownload?.(video) ?? video);
        expect(Buffer.from(bytes.subarray(4, 8)).toString("latin1")).toBe("ftyp");
      },
    );

    it("maps a filtered result to content_filtered", async () => {
      const model = spec as ModelSpec;
      const started = await adapter.start(contractRequest(model, setup.filteredPrompt), contractContext(model));
      const result = await pollToEnd(adapter, started.task, model);
      expect(result).toMatchObject({ state: "failed", failure: { code: "content_filtered" } });
    });

    it("throws a rate limit with the provider's delay, as answered (nothing created)", async () => {
      const model = spec as ModelSpec;
      fake.inject({
        method: "POST",
        pathIncludes: setup.createPath,
        fault: { type: "status", status: 429, headers: { "retry-after": "7" }, body: {} },
      });
      const error = await providerCallError(adapter.start(contractRequest(model), contractContext(model)));
      expect(error).toMatchObject({ kind: "rate_limited", retryable: true, delivery: "answered", retryAfterMs: 7_000 });
    });

    it("fails refused credentials at once, naming the provider and the variable, never the key", async () => {
      const model = spec as ModelSpec;
      fake.inject({ method: "POST", pathIncludes: setup.createPath, fault: { type: "status", status: 401, body: {} } });
      const error = await providerCallError(adapter.start(contractRequest(model), contractContext(model)));
      expect(error).toMatchObject({ kind: "auth", retryable: false });
      expect(error.message).toContain(setup.provider);
      expect(error.message).toContain(setup.keyVariable);
      expect(`${error.message} ${error.redactedBody ?? ""}`).not.toContain(setup.apiKey);
    });

    it("treats a 5xx as retryable, and a bare 502 on create as an unknown outcome", async () => {
      const model = spec as ModelSpec;
      fake.inject({ method: "POST", pathIncludes: setup.createPath, fault: { type: "status", status: 502, body: "" } });
      const bare = await providerCallError(adapter.start(contractRequest(model), contractContext(model)));
      expect(bare).toMatchObject({ kind: "unavailable", retryable: true, delivery: "unknown" });
      const started = await adapter.start(contractRequest(model), contractContext(model));
      fake.inject({
        method: pollMethod,
        pathIncludes: setup.pollPath,
        fault: { type: "status", status: 503, body: {} },
      });
      const pollError = await providerCallError(adapter.poll(started.task, contractContext(model)));
      expect(pollError).toMatchObject({ retryable: true });
    });

    it("calls a malformed answer a bad response, and a hang a timeout of unknown outcome", async () => {
      const model = spec as ModelSpec;
      const started = await adapter.start(contractRequest(model), contractContext(model));
      fake.inject({ method: pollMethod, pathIncludes: setup.pollPath, fault: { type: "malformed" } });
      expect(await providerCallError(adapter.poll(started.task, contractContext(model)))).toMatchObject({
        kind: "bad_response",
      });
      fake.inject({ method: "POST", pathIncludes: setup.createPath, fault: { type: "hang" } });
      const hung = await providerCallError(adapter.start(contractRequest(model), contractContext(model, 300)));
      expect(hung).toMatchObject({ kind: "timeout", delivery: "unknown" });
    });
  });
}
