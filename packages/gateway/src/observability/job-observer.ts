import type { Logger } from "pino";
import { TERMINAL_STATUSES, type JobRecord } from "../core/types.ts";
import type { JobTelemetry } from "../jobs/job-telemetry.ts";
import type { WebhookAttemptReport } from "../webhooks/webhook-delivery-worker.ts";
import type { GatewayMetrics } from "./gateway-metrics.ts";
import {
  attemptOutcome,
  crossedMilestones,
  entriesOfCancelRequest,
  entriesOfChange,
  entriesOfStoredVideo,
  entryOfFailedCall,
  entryOfWebhookAttempt,
} from "./timeline-entries.ts";
import type { TimelineStore } from "./timeline-store.ts";

/** Hears everything the job machinery and the webhook sender report. */
export interface JobObserver extends JobTelemetry {
  webhookAttempt(report: WebhookAttemptReport): Promise<void>;
}

export interface JobObserverOptions {
  timeline: TimelineStore;
  metrics: GatewayMetrics;
  logger: Logger;
}

const isTerminal = (job: JobRecord) => TERMINAL_STATUSES.includes(job.status);
const secondsBetween = (fromMs: number, toMs: number) => Math.max(0, toMs - fromMs) / 1000;

/**
 * Turns reports into metrics (counted first, in memory) and timeline entries (written to the
 * database). A failure is logged and swallowed: observing a job must never fail it.
 */
export function createJobObserver({ timeline, metrics, logger }: JobObserverOptions): JobObserver {
  const guarded =
    <Args extends unknown[]>(what: string, observe: (...args: Args) => Promise<void>) =>
    async (...args: Args): Promise<void> => {
      try {
        await observe(...args);
      } catch (error) {
        logger.warn({ err: error }, `could not record ${what} for the job timeline`);
      }
    };

  /** The end-of-job figures; the poll count is the database's, since any process may have polled. */
  async function ended(job: JobRecord): Promise<void> {
    metrics.ended(job.model, job.status, secondsBetween(job.createdAt, job.finishedAt ?? job.updatedAt));
    metrics.polled(job.model, (await timeline.read(job.tenantId, job.id)).polls);
  }

  return {
    providerCall: guarded("a provider call", async (job, call) => {
      metrics.providerCall(call);
      if (call.operation === "poll") await timeline.countPoll(job.tenantId, job.id, call.startedAt);
      await timeline.append(job.tenantId, job.id, entryOfFailedCall(call));
    }),

    changed: guarded("a change", async (before, after, cause) => {
      if (crossedMilestones(before.progress, after.progress).includes("first")) {
        metrics.firstProgress(after.model, secondsBetween(after.createdAt, after.updatedAt));
      }
      if (before.outputs === null && after.outputs !== null && after.startedAt !== null) {
        metrics.rendered(after.model, secondsBetween(after.startedAt, after.updatedAt));
      }
      await timeline.append(after.tenantId, after.id, entriesOfChange(before, after, cause));
      if (!isTerminal(before) && isTerminal(after)) await ended(after);
    }),

    stored: guarded("a stored video", async (job, report, cause) => {
      await timeline.append(job.tenantId, job.id, entriesOfStoredVideo(report, cause));
    }),

    cancelRequested: guarded("a cancel request", async (job, atMs) => {
      await timeline.append(job.tenantId, job.id, entriesOfCancelRequest(job, atMs));
      if (job.status === "cancelled" && job.finishedAt === atMs) await ended(job);
    }),

    webhookAttempt: guarded("a webhook attempt", async ({ delivery, record, durationMs }) => {
      metrics.webhookAttempt(attemptOutcome(record));
      await timeline.append(delivery.tenantId, delivery.jobId, [entryOfWebhookAttempt(delivery, record, durationMs)]);
    }),
  };
}
