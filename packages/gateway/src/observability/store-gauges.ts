import { Gauge, type Counter, type Registry } from "prom-client";
import type { Clock } from "../core/clock.ts";
import { TERMINAL_STATUSES, type JobStatus } from "../core/types.ts";
import type { JobStore } from "../jobs/job-store.ts";

const STATUSES: readonly JobStatus[] = ["queued", "running", ...TERMINAL_STATUSES];

/** Where the gauges read at scrape time come from. */
export interface StoreGaugeSources {
  jobs: Pick<JobStore, "countJobs" | "dueWork">;
  clock: Clock;
}

/**
 * Gauges read from the database at every scrape: jobs by status and model, and the work waiting
 * for a worker. On PostgreSQL every process reports the same figures (they are the database's),
 * so they are not to be summed across instances. A read that fails leaves them out of that scrape
 * and counts in `readErrors`.
 */
export function registerStoreGauges(registry: Registry, sources: StoreGaugeSources, readErrors: Counter): void {
  const jobs = new Gauge({
    name: "reelay_jobs",
    help: "Jobs in the database by status and model, read at scrape time (the same from every process on one database)",
    labelNames: ["status", "model"] as const,
    registers: [],
    async collect() {
      this.reset();
      try {
        const counts = await sources.jobs.countJobs();
        // Every status of every model present, zeros included, so a status that empties reads 0.
        for (const model of new Set(counts.map((count) => count.model))) {
          for (const status of STATUSES) this.set({ status, model }, 0);
        }
        for (const { status, model, count } of counts) this.set({ status, model }, count);
      } catch {
        readErrors.inc();
      }
    },
  });

  const readDue = () =>
    sources.jobs.dueWork(sources.clock.now()).catch(() => {
      readErrors.inc();
      return null;
    });
  const due = new Gauge({
    name: "reelay_jobs_due",
    help: "Queue depth: active jobs due now that no worker holds, read at scrape time",
    registers: [],
    async collect() {
      this.reset();
      const work = await readDue();
      if (work !== null) this.set(work.count);
    },
  });
  const oldestDue = new Gauge({
    name: "reelay_oldest_due_job_age_seconds",
    help: "How long the oldest due job that no worker holds has been due (0 when none), read at scrape time",
    registers: [],
    async collect() {
      this.reset();
      const work = await readDue();
      if (work === null) return;
      this.set(work.oldestDueAt === null ? 0 : Math.max(0, (sources.clock.now() - work.oldestDueAt) / 1000));
    },
  });
  for (const gauge of [jobs, due, oldestDue]) registry.registerMetric(gauge);
}
