import type { WebhookAttemptOutcome } from "@reelay/client";
import { Counter, Histogram, Registry } from "prom-client";
import type { JobStatus } from "../core/types.ts";
import type { ProviderCallReport } from "../jobs/job-telemetry.ts";
import { processMetrics } from "./process-metrics.ts";
import { registerStoreGauges, type StoreGaugeSources } from "./store-gauges.ts";

/** Seconds, from a fast poll to a slow create or download. */
const CALL_BUCKETS_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Seconds, from a quick local render to the hour of a job's default deadline. */
const JOB_BUCKETS_SECONDS = [1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600];
const POLL_BUCKETS = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

/**
 * One gateway's Prometheus metrics, in a registry of its own (several gateways may share a
 * process). Counters and histograms count what this process did, so they add up across the
 * processes on one database; the gauges are read from the database at scrape time. No label
 * names a tenant.
 */
export interface GatewayMetrics {
  providerCall(call: ProviderCallReport): void;
  /** A job's progress rose above 0, `seconds` after it was accepted. */
  firstProgress(model: string, seconds: number): void;
  /** The provider finished a job's render `seconds` after it was submitted (before the download). */
  rendered(model: string, seconds: number): void;
  /** A job ended `seconds` after it was accepted. */
  ended(model: string, status: JobStatus, seconds: number): void;
  /** A job ended after `polls` status polls. */
  polled(model: string, polls: number): void;
  webhookAttempt(outcome: WebhookAttemptOutcome): void;
  /** `bytes` were written to media storage under keys starting with `kind/`. */
  stored(kind: string, bytes: number): void;
  /** This gateway's metrics and the process's, in Prometheus' text format. */
  scrape(): Promise<string>;
  /** The content type of `scrape`'s text. */
  readonly contentType: string;
}

export function createGatewayMetrics(sources: StoreGaugeSources): GatewayMetrics {
  const registry = new Registry();
  const registers = [registry];
  const storeReadErrors = new Counter({
    name: "reelay_metrics_store_read_errors_total",
    help: "Scrapes whose read of the database failed; the database's gauges were left out of them",
    registers,
  });
  registerStoreGauges(registry, sources, storeReadErrors);
  const callSeconds = new Histogram({
    name: "reelay_provider_call_duration_seconds",
    help: "Provider calls (create, poll, cancel, lookup, download) by provider and operation, answered or not",
    labelNames: ["provider", "operation"] as const,
    buckets: CALL_BUCKETS_SECONDS,
    registers,
  });
  const callErrors = new Counter({
    name: "reelay_provider_call_errors_total",
    help: "Failed provider calls by provider, operation and kind (rate_limited, timeout, auth, …; a download's reason)",
    labelNames: ["provider", "operation", "kind"] as const,
    registers,
  });
  const polls = new Histogram({
    name: "reelay_job_polls",
    help: "Status polls per job, observed when the job ends",
    labelNames: ["model"] as const,
    buckets: POLL_BUCKETS,
    registers,
  });
  const firstProgressSeconds = new Histogram({
    name: "reelay_job_first_progress_seconds",
    help: "From accepting a job to its first progress above 0",
    labelNames: ["model"] as const,
    buckets: JOB_BUCKETS_SECONDS,
    registers,
  });
  const renderSeconds = new Histogram({
    name: "reelay_job_render_seconds",
    help: "From submitting a job to the provider's finished render (before the download)",
    labelNames: ["model"] as const,
    buckets: JOB_BUCKETS_SECONDS,
    registers,
  });
  const endToEndSeconds = new Histogram({
    name: "reelay_job_end_to_end_seconds",
    help: "From accepting a job to its end, by model and final status",
    labelNames: ["model", "status"] as const,
    buckets: JOB_BUCKETS_SECONDS,
    registers,
  });
  const webhookAttempts = new Counter({
    name: "reelay_webhook_attempts_total",
    help: "Webhook delivery attempts by outcome: delivered, failed (tried again later) or dead (the last attempt)",
    labelNames: ["outcome"] as const,
    registers,
  });
  const storedBytes = new Counter({
    name: "reelay_media_stored_bytes_total",
    help: "Bytes written to media storage, by kind (videos, thumbnails, uploads, prepared, spritesheets)",
    labelNames: ["kind"] as const,
    registers,
  });

  return {
    providerCall(call) {
      const labels = { provider: call.provider, operation: call.operation };
      callSeconds.observe(labels, call.durationMs / 1000);
      if (call.error !== null) callErrors.inc({ ...labels, kind: call.error.kind });
    },
    firstProgress: (model, seconds) => firstProgressSeconds.observe({ model }, seconds),
    rendered: (model, seconds) => renderSeconds.observe({ model }, seconds),
    ended: (model, status, seconds) => endToEndSeconds.observe({ model, status }, seconds),
    polled: (model, count) => polls.observe({ model }, count),
    webhookAttempt: (outcome) => webhookAttempts.inc({ outcome }),
    stored: (kind, bytes) => storedBytes.inc({ kind }, bytes),
    async scrape() {
      return `${await registry.metrics()}\n${await processMetrics().metrics()}`;
    },
    contentType: registry.contentType,
  };
}
