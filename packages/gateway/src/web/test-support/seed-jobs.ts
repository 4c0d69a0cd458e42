import { createId } from "../../core/ids.ts";
import type { JobRecord } from "../../core/types.ts";
import type { JobStore } from "../../jobs/job-store.ts";

/**
 * Writes `count` copies of a finished job straight into the store, each with its own id, prompt
 * and creation time (newest last); `adjust` changes each copy. They share the template's stored
 * video and thumbnail, so seeding takes milliseconds instead of renders.
 */
export async function seedJobs(
  store: JobStore,
  template: JobRecord,
  count: number,
  adjust: (job: JobRecord, index: number) => JobRecord,
): Promise<void> {
  const startMs = Date.now();
  for (let index = 0; index < count; index++) {
    const createdAt = startMs + index;
    const copy: JobRecord = {
      ...template,
      id: createId("job", createdAt),
      idempotencyKey: null,
      createdAt,
      updatedAt: createdAt,
    };
    await store.insert(adjust(copy, index));
  }
}
