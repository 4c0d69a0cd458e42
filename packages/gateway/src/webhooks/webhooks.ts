import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { Clock } from "../core/clock.ts";
import { createId } from "../core/ids.ts";
import type { MediaLinks } from "../http/job-media-links.ts";
import type { JobStore } from "../jobs/job-store.ts";
import { systemResolver } from "../net/check-url.ts";
import { createSafeFetch, type AddressPolicy } from "../net/safe-fetch.ts";
import { createWebhookSender } from "./send-webhook.ts";
import {
  createWebhookDeliveryWorker,
  type WebhookDeliveryWorker,
  type WebhookDeliveryWorkerOptions,
} from "./webhook-delivery-worker.ts";
import { createWebhookDispatcher, type WebhookDispatcher } from "./webhook-dispatcher.ts";
import { DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS } from "./webhook-retry-schedule.ts";
import type { SecretKeeper } from "../secrets/secret-keeper.ts";
import { loadWebhookSecret } from "./webhook-secret.ts";
import type { WebhookStore } from "./webhook-store.ts";
import { createWebhookUrlCheck } from "./webhook-url-check.ts";

/** Longest time before the dispatcher sees a job event written by another process. */
const DISPATCH_POLL_MS = 1_000;
/** Longest wait for one attempt, answer included. */
const ATTEMPT_TIMEOUT_MS = 10_000;
/** A claim outlives any attempt, so only a crashed sender's deliveries are claimed again. */
export const DELIVERY_LEASE_MS = 60_000;
const DELIVERY_CONCURRENCY = 8;

export interface WebhooksOptions {
  /** Deliveries, on the job store's database: they live next to the job events they come from. */
  store: WebhookStore;
  jobStore: Pick<JobStore, "onEvents">;
  settings: Config["webhooks"];
  /** Keeps the signing secret generated when none is configured. */
  secrets: SecretKeeper;
  /** Whether this process sends webhooks (it runs the worker); any process serves the delivery API. */
  deliver: boolean;
  /** Addresses a caller's webhook URL may reach: the rule for image URLs. */
  isAllowedAddress: AddressPolicy;
  /** The links to job media in the job views sent at `nowMs`. */
  mediaLinks(nowMs: number): Promise<MediaLinks>;
  clock: Clock;
  logger: Logger;
  userAgent: string;
  retryScheduleMs?: readonly number[];
  random?: () => number;
  /** Hears of every recorded attempt; it must not throw. */
  onAttempt?: WebhookDeliveryWorkerOptions["onAttempt"];
}

export interface Webhooks {
  /** Deliveries for the API; a manual retry wakes this process's sender. */
  deliveries: WebhookStore;
  /** Throws `unsafe_url` for a caller's webhook URL that may not be reached. */
  checkUrl(url: string): Promise<void>;
  start(): void;
  /** Stops dispatching and waits for attempts in flight; call before the database closes. */
  stop(): Promise<void>;
}

/** Builds the webhook parts: the delivery store, and when `deliver`, the dispatcher and the sender. */
export async function createWebhooks(options: WebhooksOptions): Promise<Webhooks> {
  const { store } = options;
  let loops: { dispatcher: WebhookDispatcher; worker: WebhookDeliveryWorker } | null = null;
  if (options.deliver) {
    const secret = await loadWebhookSecret(options.secrets, options.settings.secret, options.logger);
    // Callers' URLs get the SSRF rules on every attempt; configured endpoints are the operator's
    // choice and may well be internal. Neither follows redirects.
    const callerFetch = createSafeFetch({ isAllowedAddress: options.isAllowedAddress, timeoutMs: ATTEMPT_TIMEOUT_MS });
    const operatorFetch = createSafeFetch({ allowPrivateAddresses: true, timeoutMs: ATTEMPT_TIMEOUT_MS });
    const worker = createWebhookDeliveryWorker({
      store,
      send: createWebhookSender({
        secret,
        fetchFor: (target) => (target === "job" ? callerFetch : operatorFetch),
        timeoutMs: ATTEMPT_TIMEOUT_MS,
        userAgent: options.userAgent,
      }),
      clock: options.clock,
      retryScheduleMs: options.retryScheduleMs ?? DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS,
      random: options.random ?? Math.random,
      concurrency: DELIVERY_CONCURRENCY,
      leaseMs: DELIVERY_LEASE_MS,
      idleMs: DISPATCH_POLL_MS,
      logger: options.logger,
      ...(options.onAttempt === undefined ? {} : { onAttempt: options.onAttempt }),
    });
    const dispatcher = createWebhookDispatcher({
      store,
      onJobEvents: (listener) => options.jobStore.onEvents(listener),
      pollMs: DISPATCH_POLL_MS,
      configuredUrls: options.settings.urls,
      progressIntervalMs: options.settings.progressIntervalSeconds * 1000,
      mediaLinks: options.mediaLinks,
      clock: options.clock,
      createId: (nowMs) => createId("msg", nowMs),
      logger: options.logger,
      onDeliveries: () => worker.wake(),
    });
    loops = { dispatcher, worker };
  }

  return {
    deliveries: {
      ...store,
      async retry(tenantId, id, nowMs) {
        const result = await store.retry(tenantId, id, nowMs);
        loops?.worker.wake();
        return result;
      },
    },
    checkUrl: createWebhookUrlCheck({ isAllowedAddress: options.isAllowedAddress, resolve: systemResolver }),
    start() {
      loops?.dispatcher.start();
      loops?.worker.start();
    },
    async stop() {
      await loops?.dispatcher.stop();
      await loops?.worker.stop();
    },
  };
}
