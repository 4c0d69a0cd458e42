import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TenantStore } from "../tenants/tenant-store.ts";
import { BudgetExceededError, type UsageLedger } from "./job-charges.ts";
import type { JobStore } from "./job-store.ts";
import { LEASE_MS, NOW_MS, TENANT_A, TENANT_B, tenantJob } from "./test-support/job-store-harness.ts";
import { TEST_EPOCH_MS } from "./test-support/make-job-record.ts";

const VIDEO = {
  key: "videos/a.mp4",
  thumbnailKey: "videos/a.webp",
  thumbnailMediaType: "image/webp",
  mediaType: "video/mp4",
  sizeBytes: 1000,
  durationSeconds: 3.5,
  width: 1280,
  height: 720,
  codec: "avc1",
  sha256: "0".repeat(64),
};

/** A fresh, empty database with the job store, usage ledger and tenant store on it. */
export interface ChargesHarness {
  store: JobStore;
  ledger: UsageLedger;
  tenants: TenantStore;
  cleanup(): Promise<void>;
}

export type OpenChargesHarness = () => Promise<ChargesHarness>;

/** Budgets and running slots as every job store keeps them, with the usage ledger that reads them. */
export function describeJobChargesContract(name: string, open: OpenChargesHarness): void {
  describe(`job charges: ${name}`, () => {
    let harness: ChargesHarness;
    let store: JobStore;
    const ledger = () => harness.ledger;

    beforeEach(async () => {
      harness = await open();
      store = harness.store;
      await harness.tenants.upsertTenant(TENANT_A, { monthlyBudgetUsd: 1 }, TEST_EPOCH_MS);
    });
    afterEach(async () => {
      await harness.cleanup();
    });

    it("reserves within the budget, refuses beyond it without writing the job, and lets a retried key through", async () => {
      const first = tenantJob({ idempotencyKey: "k1" });
      await store.insert(first, { priceUsd: 0.6, seconds: 4 });
      const refused = tenantJob();
      const error = await store.insert(refused, { priceUsd: 0.6, seconds: 4 }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(BudgetExceededError);
      expect((error as BudgetExceededError).figures).toEqual({
        period: "2025-01",
        budgetUsd: 1,
        spentUsd: 0,
        reservedUsd: 0.6,
        requestUsd: 0.6,
        remainingUsd: 0.4,
      });
      expect(await store.get(TENANT_A, refused.id)).toBeNull();
      const replay = await store.insert(tenantJob({ idempotencyKey: "k1" }), { priceUsd: 0.6, seconds: 4 });
      expect(replay).toMatchObject({ inserted: false, job: { id: first.id } });
      // Tenant B has no budget.
      await store.insert(tenantJob({ tenantId: TENANT_B }), { priceUsd: 50, seconds: 4 });
      expect(await ledger().periodTotals(TENANT_A, TEST_EPOCH_MS)).toEqual({ spentUsd: 0, reservedUsd: 0.6 });
    });

    it("settles a success from the video's real duration, releases failures and cancels, and keeps spend after delete", async () => {
      const succeeded = tenantJob();
      const failed = tenantJob();
      const cancelled = tenantJob();
      for (const job of [succeeded, failed, cancelled]) await store.insert(job, { priceUsd: 0.2, seconds: 4 });
      await store.requestCancel(TENANT_A, cancelled.id, NOW_MS);
      const claimed = await store.claimDue("worker", NOW_MS, LEASE_MS, 10);
      const tokenOf = (id: string) => claimed.find((entry) => entry.job.id === id)?.leaseToken ?? "";
      const end = { nowMs: NOW_MS, release: true };
      await store.update(
        succeeded.id,
        tokenOf(succeeded.id),
        { status: "succeeded", video: VIDEO, finishedAt: NOW_MS },
        end,
      );
      const failure = { code: "provider_error" as const, message: "no" };
      await store.update(failed.id, tokenOf(failed.id), { status: "failed", failure, finishedAt: NOW_MS }, end);
      await store.deleteFinished(TENANT_A, succeeded.id);

      expect(await ledger().periodTotals(TENANT_A, TEST_EPOCH_MS)).toEqual({ spentUsd: 0.175, reservedUsd: 0 });
      expect(await ledger().usage(TENANT_A, TEST_EPOCH_MS, TEST_EPOCH_MS + 86_400_000)).toEqual([
        { period: "2025-01", model: "local/preview", jobs: 3, seconds: 3.5, spentUsd: 0.175, reservedUsd: 0 },
      ]);
      expect(await ledger().usage(TENANT_B, TEST_EPOCH_MS, TEST_EPOCH_MS + 86_400_000)).toEqual([]);
    });

    it("leaves a tenant's jobs beyond its running limit queued, without holding up other tenants", async () => {
      await harness.tenants.upsertTenant(TENANT_A, { maxRunningJobs: 1 }, TEST_EPOCH_MS);
      for (let index = 0; index < 3; index += 1) await store.insert(tenantJob());
      const jobOfB = tenantJob({ tenantId: TENANT_B, createdAt: TEST_EPOCH_MS + 1, nextRunAt: TEST_EPOCH_MS + 1 });
      await store.insert(jobOfB);
      const claimed = await store.claimDue("worker", NOW_MS, LEASE_MS, 2);
      expect(claimed.filter((entry) => entry.job.tenantId === TENANT_A)).toHaveLength(1);
      expect(claimed.map((entry) => entry.job.id)).toContain(jobOfB.id);
      expect(await store.claimDue("worker", NOW_MS, LEASE_MS, 10)).toEqual([]);
      // The leases lapse without a submission: the slot is free again, for one job of A.
      const again = await store.claimDue("worker", NOW_MS + LEASE_MS, LEASE_MS, 10);
      expect(again.filter((entry) => entry.job.tenantId === TENANT_A)).toHaveLength(1);
    });
  });
}
