import type { Logger } from "pino";
import type { Clock } from "../core/clock.ts";
import { displayUrl } from "../net/unsafe-url-error.ts";
import type { WebhookSender } from "./send-webhook.ts";
import { createClaimLoop } from "../core/claim-loop.ts";
import { nextRetryDelayMs } from "./webhook-retry-schedule.ts";
import type { AttemptRecord, ClaimedDelivery, WebhookDelivery, WebhookStore } from "./webhook-store.ts";

/** One recorded attempt: the delivery as it was claimed, what was recorded, and how long sending took. */
export interface WebhookAttemptReport {
  delivery: WebhookDelivery;
  record: AttemptRecord;
  durationMs: number;
}

/** Floor between looks, so a store that keeps answering "due now" cannot make the loop spin. */
const MIN_SLEEP_MS = 20;

export interface WebhookDeliveryWorkerOptions {
  store: WebhookStore;
  send: WebhookSender;
  clock: Clock;
  /** Waits before each retry; when spent, the delivery is dead. */
  retryScheduleMs: readonly number[];
  /** Jitter source, 0 ≤ x < 1. */
  random(): number;
  /** Attempts in flight at once. */
  concurrency: number;
  /** How long a claim lasts: longer than one attempt; a crashed sender's deliveries are free after it. */
  leaseMs: number;
  /** Longest sleep between looks, so deliveries of other processes and lapsed leases are seen. */
  idleMs: number;
  logger: Logger;
  /** Hears of every recorded attempt (metrics, the job timeline); it must not throw. */
  onAttempt?(report: WebhookAttemptReport): Promise<void>;
}

export interface WebhookDeliveryWorker {
  start(): void;
  /** Looks for due deliveries now. */
  wake(): void;
  /** Stops claiming and waits for the attempts in flight. */
  stop(): Promise<void>;
}

/**
 * Sends due deliveries, each under a lease, and records every attempt. A failure is retried on the
 * schedule (a receiver's `Retry-After` obeyed); once the schedule is spent the delivery is dead
 * and waits for a manual retry.
 */
export function createWebhookDeliveryWorker(options: WebhookDeliveryWorkerOptions): WebhookDeliveryWorker {
  async function attempt({ delivery, leaseToken }: ClaimedDelivery): Promise<void> {
    const sentAt = options.clock.now();
    const result = await options.send(delivery, sentAt);
    const nowMs = options.clock.now();
    const attempts = delivery.attempts + 1;
    let record: AttemptRecord;
    if (result.delivered) {
      record = { nowMs, status: "delivered", nextAttemptAt: null, lastStatus: result.status, lastError: null };
    } else {
      const delayMs = nextRetryDelayMs(attempts, options.retryScheduleMs, result.retryAfterMs, options.random);
      record = {
        nowMs,
        status: delayMs === null ? "dead" : "pending",
        nextAttemptAt: delayMs === null ? null : nowMs + delayMs,
        lastStatus: result.status,
        lastError: result.error,
      };
      const log = {
        deliveryId: delivery.id,
        jobId: delivery.jobId,
        tenantId: delivery.tenantId,
        url: displayUrl(new URL(delivery.url)),
        attempts,
      };
      if (delayMs === null) options.logger.warn({ ...log, error: result.error }, "webhook delivery is dead");
      else options.logger.info({ ...log, error: result.error, retryInMs: delayMs }, "webhook delivery failed");
    }
    if (await options.store.recordAttempt(delivery.id, leaseToken, record)) {
      await options.onAttempt?.({ delivery, record, durationMs: nowMs - sentAt });
    } else {
      options.logger.warn(
        { deliveryId: delivery.id, jobId: delivery.jobId, tenantId: delivery.tenantId },
        "webhook attempt not recorded: its lease had lapsed",
      );
    }
  }

  return createClaimLoop<ClaimedDelivery>({
    name: "webhook delivery",
    concurrency: options.concurrency,
    idleMs: options.idleMs,
    minSleepMs: MIN_SLEEP_MS,
    clock: options.clock,
    logger: options.logger,
    claim: (limit, nowMs) => options.store.claimDue(nowMs, options.leaseMs, limit),
    // Nothing was recorded when an attempt crashes (e.g. the database is gone); its lease lapses and it is sent again.
    handle: (claimed) =>
      attempt(claimed).catch((error: unknown) => {
        options.logger.error(
          {
            err: error,
            deliveryId: claimed.delivery.id,
            jobId: claimed.delivery.jobId,
            tenantId: claimed.delivery.tenantId,
          },
          "webhook attempt crashed",
        );
      }),
    nextDueAt: () => options.store.nextDueAt(),
  });
}
