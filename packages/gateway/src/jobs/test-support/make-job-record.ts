import { createId } from "../../core/ids.ts";
import type { JobRecord } from "../../core/types.ts";

/** A fixed instant (2025-01-01T00:00:00Z) that tests build their timelines on. */
export const TEST_EPOCH_MS = Date.UTC(2025, 0, 1);

/**
 * A valid, freshly created job (queued, due at creation, no lease), with `overrides` applied. The
 * id is a real time-sortable id made from `createdAt`, so jobs created at later instants list
 * newer. Build each job with its own call: nested values are not shared between records.
 */
export function makeJobRecord(overrides: Partial<JobRecord> = {}): JobRecord {
  const createdAt = overrides.createdAt ?? TEST_EPOCH_MS;
  const model = overrides.model ?? "local/preview";
  return {
    id: createId("job", createdAt),
    tenantId: "tenant_test",
    status: "queued",
    model,
    request: {
      model,
      prompt: "a lighthouse at dusk, waves rolling in",
      durationSeconds: 4,
      aspectRatio: "16:9",
      resolution: "720p",
      audio: false,
      providerOptions: {},
      metadata: {},
    },
    inputs: {},
    providerTask: null,
    upstreamId: null,
    progress: null,
    progressSource: null,
    expectedFinishAt: null,
    outputs: null,
    video: null,
    warnings: [],
    failure: null,
    idempotencyKey: null,
    requestHash: "sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
    attempts: 0,
    rateLimits: 0,
    createdAt,
    updatedAt: createdAt,
    startedAt: null,
    finishedAt: null,
    nextRunAt: createdAt,
    deadlineAt: createdAt + 60 * 60 * 1000,
    cancelRequestedAt: null,
    submittingSince: null,
    leaseOwner: null,
    leaseToken: null,
    leaseExpiresAt: null,
    videoPurgedAt: null,
    category: null,
    style: null,
    preset: null,
    ...overrides,
  };
}
