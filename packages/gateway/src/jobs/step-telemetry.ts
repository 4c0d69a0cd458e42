import type { Clock } from "../core/clock.ts";
import { OutputDownloadError, ProviderCallError } from "../core/errors.ts";
import { watchFetch, type HttpExchange } from "../core/http-exchange.ts";
import type { JobRecord } from "../core/types.ts";
import type { ProviderContext } from "../providers/provider.ts";
import type { JobTelemetry, ProviderCallReport, ProviderOperation, StoredVideoReport } from "./job-telemetry.ts";

/**
 * Runs one provider call of a step: `run` gets a provider context whose `fetch` is watched, and
 * `watch` for requests made with another fetch (the download of the video).
 */
export type ProviderCaller = <T>(
  operation: ProviderOperation,
  run: (context: ProviderContext, watch: (exchange: HttpExchange) => void) => Promise<T>,
) => Promise<T>;

/** The telemetry of one step of one job: which provider call led to each write. */
export interface StepTelemetry {
  /** Like `ProviderCaller`, on the step's base `context`. */
  call<T>(
    operation: ProviderOperation,
    context: ProviderContext,
    run: (context: ProviderContext, watch: (exchange: HttpExchange) => void) => Promise<T>,
  ): Promise<T>;
  /** The step wrote `after`: told with the job as it was before and the last provider call. */
  written(after: JobRecord): Promise<void>;
  /** The step stored the finished video; its download was the last provider call. */
  stored(report: StoredVideoReport): Promise<void>;
}

function errorOf(error: unknown): NonNullable<ProviderCallReport["error"]> {
  if (error instanceof ProviderCallError) return { kind: error.kind, message: error.message };
  if (error instanceof OutputDownloadError) return { kind: error.reason, message: error.message };
  return { kind: "unexpected", message: error instanceof Error ? error.message : String(error) };
}

export function createStepTelemetry(job: JobRecord, telemetry: JobTelemetry, clock: Clock): StepTelemetry {
  let current = job;
  let lastCall: ProviderCallReport | null = null;

  return {
    async call(operation, context, run) {
      const requests: HttpExchange[] = [];
      const watch = (exchange: HttpExchange) => requests.push(exchange);
      const startedAt = clock.now();
      const report = (error: ProviderCallReport["error"]): ProviderCallReport => ({
        provider: context.spec.provider,
        operation,
        startedAt,
        durationMs: clock.now() - startedAt,
        requests,
        error,
      });
      let outcome: { ok: true; value: Awaited<ReturnType<typeof run>> } | { ok: false; error: unknown };
      try {
        const watched = { ...context, fetch: watchFetch(context.fetch, watch, () => clock.now()) };
        outcome = { ok: true, value: await run(watched, watch) };
      } catch (error) {
        outcome = { ok: false, error };
      }
      const call = report(outcome.ok ? null : errorOf(outcome.error));
      lastCall = call;
      await telemetry.providerCall(current, call);
      if (!outcome.ok) throw outcome.error;
      return outcome.value;
    },
    async written(after) {
      const before = current;
      current = after;
      await telemetry.changed(before, after, lastCall);
    },
    async stored(report) {
      const cause = lastCall;
      if (cause !== null) await telemetry.stored(current, report, cause);
    },
  };
}
