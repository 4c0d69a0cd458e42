import type { Logger } from "pino";
import type { JobRecord, Warning } from "../core/types.ts";
import type { ProviderAdapter } from "../providers/provider.ts";
import type { ProviderCaller } from "./step-telemetry.ts";

/** Asks the provider to stop; returns warnings that say plainly what happened upstream. */
export async function stopUpstream(
  job: JobRecord,
  adapter: ProviderAdapter,
  call: ProviderCaller,
  log: Logger,
): Promise<Warning[]> {
  const { providerTask: task } = job;
  const { cancel } = adapter;
  if (task === null || job.outputs !== null) return [];
  if (cancel === undefined) {
    return [
      {
        code: "upstream_not_cancelled",
        message: `${adapter.id} has no way to cancel a generation: it may still finish upstream and be billed.`,
      },
    ];
  }
  try {
    const result = await call("cancel", (context) => cancel.call(adapter, task, context));
    if (result.upstream === "cancelled") return [];
    return [
      { code: "upstream_not_cancelled", message: `${adapter.id} could not cancel the generation: ${result.reason}` },
    ];
  } catch (error) {
    log.warn({ err: error }, "upstream cancel failed");
    const reason = error instanceof Error ? error.message : String(error);
    return [
      {
        code: "upstream_cancel_failed",
        message: `Asking ${adapter.id} to cancel failed (${reason}); it may still finish upstream.`,
      },
    ];
  }
}
