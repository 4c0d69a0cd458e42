import type { JobRecord } from "../core/types.ts";

/** The fields every log line about a job carries, so one job, tenant, provider or model can be followed. */
export interface JobLogFields {
  jobId: string;
  tenantId: string;
  provider: string;
  model: string;
}

export function jobLogFields(job: Pick<JobRecord, "id" | "tenantId" | "model">): JobLogFields {
  // Model ids are `<provider>/<name>`.
  const provider = job.model.slice(0, Math.max(0, job.model.indexOf("/")));
  return { jobId: job.id, tenantId: job.tenantId, provider, model: job.model };
}
