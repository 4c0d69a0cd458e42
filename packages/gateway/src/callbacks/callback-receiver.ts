import type { Logger } from "pino";
import type { Clock } from "../core/clock.ts";
import { ReelayError } from "../core/errors.ts";
import type { ProviderId } from "../core/types.ts";
import type { JobStore } from "../jobs/job-store.ts";
import type { ProviderAdapter } from "../providers/provider.ts";
import type { CallbackLog } from "./callback-log.ts";

/**
 * How far a callback's own timestamp may be from now. Standard Webhooks, PixVerse and Google use
 * five minutes; older messages are refused, so the replay log needs to remember only that long.
 */
export const CALLBACK_TOLERANCE_MS = 5 * 60_000;

export interface CallbackReceiverDependencies {
  adapters: ReadonlyMap<ProviderId, ProviderAdapter>;
  log: CallbackLog;
  store: JobStore;
  clock: Clock;
  logger: Logger;
  /** The callback URL Reelay gives `provider` (Vidu signs its path and query). */
  callbackUrl(provider: ProviderId): string;
  /** Called when jobs were made due, so a worker in this process looks now. */
  onJobsDue(): void;
}

/** A callback as the HTTP layer read it. */
export interface ReceivedCallback {
  provider: string;
  method: string;
  headers: Headers;
  body: Uint8Array;
}

/**
 * Inbound provider callbacks: verified exactly as the provider signs them, refused
 * when stale or replayed, and then only a hint: the jobs following the named tasks are polled now.
 * What a callback says is never written to a job; the poll that follows decides. Returns the ids
 * of the jobs made due.
 */
export function createCallbackReceiver(deps: CallbackReceiverDependencies) {
  function adapterFor(provider: string): ProviderAdapter & Required<Pick<ProviderAdapter, "parseCallback">> {
    const adapter = deps.adapters.get(provider as ProviderId);
    if (adapter?.parseCallback === undefined) {
      const known = [...deps.adapters.values()].filter((candidate) => candidate.parseCallback).map(({ id }) => id);
      throw new ReelayError(
        "not_found",
        `No callbacks are accepted from "${provider}". Callbacks are configured for: ${known.join(", ") || "no provider"}.`,
      );
    }
    return adapter as ProviderAdapter & Required<Pick<ProviderAdapter, "parseCallback">>;
  }

  return {
    async receive(callback: ReceivedCallback): Promise<string[]> {
      const adapter = adapterFor(callback.provider);
      const check = adapter.parseCallback({
        method: callback.method,
        url: new URL(deps.callbackUrl(adapter.id)),
        headers: callback.headers,
        body: callback.body,
      });
      if (!check.ok) {
        deps.logger.warn({ provider: adapter.id, reason: check.reason }, "provider callback refused");
        throw new ReelayError(check.reason === "malformed" ? "invalid_request" : "callback_unverified", check.message);
      }
      const now = deps.clock.now();
      if (Math.abs(now - check.sentAtMs) > CALLBACK_TOLERANCE_MS) {
        throw new ReelayError(
          "callback_stale",
          `The callback was sent at ${Number.isFinite(check.sentAtMs) ? new Date(check.sentAtMs).toISOString() : "an unreadable time"}, more than ${CALLBACK_TOLERANCE_MS / 60_000} minutes from now; it is refused.`,
        );
      }
      if (!(await deps.log.remember(adapter.id, check.messageId, now, now - 2 * CALLBACK_TOLERANCE_MS))) {
        throw new ReelayError("callback_replayed", `Callback message ${check.messageId} was already received.`);
      }
      const due: string[] = [];
      for (const taskId of check.taskIds) due.push(...(await deps.store.pollNow(adapter.id, taskId, now)));
      deps.logger.debug({ provider: adapter.id, tasks: check.taskIds, jobs: due }, "provider callback accepted");
      if (due.length > 0) deps.onJobsDue();
      return due;
    },
  };
}

export type CallbackReceiver = ReturnType<typeof createCallbackReceiver>;
