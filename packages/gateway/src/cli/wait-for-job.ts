import type { JobView, Reelay } from "@reelay/client";
import { TERMINAL_STATUSES } from "@reelay/client";

/** Polls until the job is terminal, reporting every view; the server does the upstream polling. */
export async function waitForJob(
  client: Reelay,
  id: string,
  onUpdate: (job: JobView) => void,
  intervalMs = 500,
): Promise<JobView> {
  for (;;) {
    const job = await client.jobs.get(id);
    onUpdate(job);
    if (TERMINAL_STATUSES.includes(job.status)) return job;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
