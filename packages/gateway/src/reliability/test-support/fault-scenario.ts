import type { JobView } from "@reelay/client";
import type { RecordedRequest } from "../../providers/shared/fake-faults.ts";
import { serveFake, type FakeProvider, type ServedFake } from "../../providers/shared/fake-server.ts";
import { eventually, startTestGateway, type TestGateway } from "../../test-support/start-test-gateway.ts";
import { baseEnvironment, MODEL_OF, providerEnvironment, type RemoteProvider } from "./fake-environment.ts";
import { callsOf, type CallKind } from "./upstream-calls.ts";

const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);

/** One provider's fake served on 127.0.0.1 and a real gateway pointed at it, for one test. */
export interface FaultScenario {
  gateway: TestGateway;
  /** Where the fake is served. */
  fakeUrl: string;
  /** The requests of `kind` the fake received so far. */
  calls(kind: CallKind): RecordedRequest[];
  /** Creates a job on the provider's model; `body` adds to or overrides the defaults. */
  createJob(body?: Record<string, unknown>): Promise<JobView>;
  /** Polls the job until `done` holds for it (by default: until it is terminal). */
  waitFor(id: string, done?: (job: JobView) => boolean): Promise<JobView>;
  close(): Promise<void>;
}

export interface FaultScenarioOptions {
  provider: RemoteProvider;
  fake: FakeProvider;
  /** Longest provider call; 2 s by default, so hangs and lost answers end quickly. */
  timeoutSeconds?: number;
  /** More gateway settings, e.g. `REELAY_JOB_DEADLINE_SECONDS`. */
  environment?: Record<string, string>;
}

/** Serves `fake` and starts a gateway whose `provider` adapter talks to it over real HTTP. */
export async function startFaultScenario(options: FaultScenarioOptions): Promise<FaultScenario> {
  const { provider, fake } = options;
  const served: ServedFake = await serveFake(fake.app);
  const gateway = await startTestGateway({
    ...baseEnvironment(options.timeoutSeconds ?? 2),
    ...providerEnvironment(provider, served.url),
    ...options.environment,
  }).catch(async (error: unknown) => {
    await served.close();
    throw error;
  });

  async function getJob(id: string): Promise<JobView> {
    const response = await fetch(`${gateway.url}/api/v1/jobs/${id}`);
    if (!response.ok) throw new Error(`GET job ${id} answered ${response.status}`);
    return (await response.json()) as JobView;
  }

  return {
    gateway,
    fakeUrl: served.url,
    calls: (kind) => callsOf(provider, fake.faults.requests, kind),
    async createJob(body = {}) {
      const response = await fetch(`${gateway.url}/api/v1/jobs`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: MODEL_OF[provider], prompt: "A lighthouse at dusk", ...body }),
      });
      if (response.status !== 202) throw new Error(`create answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as JobView;
    },
    waitFor: (id, done = (job) => TERMINAL.has(job.status)) =>
      eventually(
        async () => {
          const job = await getJob(id);
          return done(job) ? job : undefined;
        },
        45_000,
        `job ${id} on ${provider}`,
      ),
    async close() {
      await gateway.dispose();
      await served.close();
      fake.close?.();
    },
  };
}

/** Runs `test` against a fresh scenario and closes it afterwards, whether the test passed or not. */
export async function withFaultScenario<T>(
  options: FaultScenarioOptions,
  test: (scenario: FaultScenario) => Promise<T>,
): Promise<T> {
  const scenario = await startFaultScenario(options);
  try {
    return await test(scenario);
  } finally {
    await scenario.close();
  }
}
