import { describe, expect, it } from "vitest";
import type { JobRecord } from "../core/types.ts";
import { InvalidCursorError } from "../jobs/job-store.ts";
import { makeJobRecord } from "../jobs/test-support/make-job-record.ts";
import {
  delivery,
  insertDeliveries,
  LEASE_MS,
  NOW,
  useWebhookStoreDatabase,
  type OpenWebhookStoreDatabase,
} from "./test-support/webhook-store-harness.ts";
import { describeWebhookStoreProcessesContract } from "./webhook-store-processes.contract.ts";

export type { OpenWebhookStoreDatabase } from "./test-support/webhook-store-harness.ts";

/**
 * The conformance suite every `WebhookStore` passes. It talks to the store only through the
 * interface (and writes job events as the job store does), so it runs against SQLite and
 * PostgreSQL alike.
 */
export function describeWebhookStoreContract(name: string, open: OpenWebhookStoreDatabase): void {
  describe(`WebhookStore contract: ${name}`, () => {
    describeWebhookStoreDispatchContract(open);
    describeWebhookStoreDeliveryContract(open);
    describeWebhookStoreProcessesContract(open);
  });
}

function describeWebhookStoreDispatchContract(open: OpenWebhookStoreDatabase): void {
  describe("dispatch", () => {
    const current = useWebhookStoreDatabase(open);
    const append = (job: JobRecord, type: "status" | "progress" | "done", createdAt: number) =>
      current().database.appendJobEvent({ tenantId: job.tenantId, jobId: job.id, type, job, createdAt });

    it("moves the cursor with its deliveries once, and another process reads on from it", async () => {
      const { store, database } = current();
      const job = makeJobRecord({ tenantId: "tenant_a", status: "succeeded", finishedAt: NOW });
      await append(job, "done", NOW);
      const batch = await store.readDispatchBatch(10);
      expect(batch.afterEventId).toBe(0);
      expect(batch.events.map((source) => [source.event.jobId, source.event.type, source.previousStatus])).toEqual([
        [job.id, "done", null],
      ]);
      expect(batch.events[0]?.event.job).toEqual(job);
      const eventId = batch.events[0]?.event.id ?? 0;
      const made = [delivery({ jobId: job.id, eventId, eventType: "job.succeeded" })];
      expect(await store.recordDispatch(0, eventId, made)).toBe(true);
      // A second dispatcher that read the same batch loses the compare-and-set and writes nothing.
      expect(await store.recordDispatch(0, eventId, [delivery({ jobId: job.id, eventId, id: "msg_twice" })])).toBe(
        false,
      );
      expect((await store.list({ tenantId: "tenant_a", limit: 10 })).deliveries.map((found) => found.id)).toEqual([
        made[0]?.id,
      ]);
      const other = await database.connect();
      expect(await other.readDispatchBatch(10)).toMatchObject({ afterEventId: eventId, events: [] });
    });

    it("tells a start from a cancel request by the job's own status before it, and reports the last progress", async () => {
      const { store } = current();
      await insertDeliveries(store, 0, [delivery({ jobId: "job_p", eventId: 99, occurredAt: NOW + 5_000 })]);
      const job = makeJobRecord({ tenantId: "tenant_a" });
      const otherJob = makeJobRecord({ tenantId: "tenant_a", status: "running" });
      await append(job, "status", NOW);
      await append(otherJob, "status", NOW);
      await append({ ...job, status: "running" }, "status", NOW + 1);
      await append({ ...job, status: "running", cancelRequestedAt: NOW + 2 }, "status", NOW + 2);
      const batch = await store.readDispatchBatch(3);
      expect(
        batch.events.map((source) => [source.event.jobId, source.event.job.status, source.previousStatus]),
      ).toEqual([
        [job.id, "queued", null],
        [otherJob.id, "running", null],
        [job.id, "running", "queued"],
      ]);
      expect((await store.readDispatchBatch(10)).events.map((source) => source.previousStatus)).toEqual([
        null,
        null,
        "queued",
        "running",
      ]);
      expect(batch.lastProgressAt.get(job.id)).toBeUndefined();
      await insertDeliveries(store, 0, [delivery({ jobId: job.id, eventId: 100, occurredAt: NOW + 7_000 })]);
      await insertDeliveries(store, 0, [delivery({ jobId: job.id, eventId: 101, occurredAt: NOW + 6_000 })]);
      const later = await store.readDispatchBatch(10);
      expect(later.lastProgressAt).toEqual(new Map([[job.id, NOW + 7_000]]));
    });
  });
}

function describeWebhookStoreDeliveryContract(open: OpenWebhookStoreDatabase): void {
  describe("deliveries", () => {
    const current = useWebhookStoreDatabase(open);

    it("sends one job's deliveries to one URL in order, and frees a crashed sender's claims", async () => {
      const { store } = current();
      const other = "https://b.example.com/hook";
      await insertDeliveries(store, 0, [
        delivery({ eventId: 1 }),
        delivery({ eventId: 2 }),
        delivery({ eventId: 2, url: other }),
      ]);
      const firstClaims = await store.claimDue(NOW, LEASE_MS, 10);
      // Event 2 to the first URL waits for event 1; the other URL's delivery is not held up by it.
      expect(firstClaims.map((claim) => [claim.delivery.eventId, claim.delivery.url])).toEqual([
        [1, "https://a.example.com/hook"],
        [2, other],
      ]);
      const [, otherClaim] = firstClaims;
      const sent = { nowMs: NOW, status: "delivered" as const, nextAttemptAt: null, lastStatus: 204, lastError: null };
      expect(await store.recordAttempt(otherClaim?.delivery.id ?? "", otherClaim?.leaseToken ?? "", sent)).toBe(true);
      // The sender of event 1 crashed: nothing is claimable until its lease lapses, then it is again.
      expect(await store.claimDue(NOW + 1_000, LEASE_MS, 10)).toEqual([]);
      expect(await store.nextDueAt()).toBe(NOW + LEASE_MS);
      const [reclaimed] = await store.claimDue(NOW + LEASE_MS, LEASE_MS, 10);
      expect(reclaimed?.delivery.eventId).toBe(1);
      const stale = firstClaims[0]?.leaseToken ?? "";
      const failed = { nowMs: NOW + LEASE_MS, lastStatus: 500, lastError: "answered HTTP 500" };
      expect(
        await store.recordAttempt(reclaimed?.delivery.id ?? "", stale, {
          ...failed,
          status: "pending",
          nextAttemptAt: 0,
        }),
      ).toBe(false);
      const retryAt = NOW + 2 * LEASE_MS;
      expect(
        await store.recordAttempt(reclaimed?.delivery.id ?? "", reclaimed?.leaseToken ?? "", {
          ...failed,
          status: "pending",
          nextAttemptAt: retryAt,
        }),
      ).toBe(true);
      // Event 2 still waits, behind event 1's retry.
      expect(await store.claimDue(retryAt - 1, LEASE_MS, 10)).toEqual([]);
      expect((await store.claimDue(retryAt, LEASE_MS, 10)).map((claim) => claim.delivery.eventId)).toEqual([1]);
      const saved = await store.get("tenant_a", reclaimed?.delivery.id ?? "");
      expect(saved).toMatchObject({ attempts: 1, lastStatus: 500, nextAttemptAt: retryAt, status: "pending" });
    });

    it("revives a dead delivery, refuses a delivered one, and hides other tenants' deliveries", async () => {
      const { store } = current();
      await insertDeliveries(store, 0, [
        delivery({ eventId: 1 }),
        delivery({ eventId: 2, tenantId: "tenant_b", jobId: "job_b" }),
      ]);
      const claimOf = async (nowMs: number) =>
        (await store.claimDue(nowMs, LEASE_MS, 10)).find((claimed) => claimed.delivery.tenantId === "tenant_a");
      const claim = await claimOf(NOW);
      const id = claim?.delivery.id ?? "";
      const dead = { nowMs: NOW, status: "dead" as const, nextAttemptAt: null, lastStatus: null, lastError: "refused" };
      await store.recordAttempt(id, claim?.leaseToken ?? "", dead);
      const revived = await store.retry("tenant_a", id, NOW + 10);
      expect(revived).toMatchObject({
        outcome: "scheduled",
        delivery: { status: "pending", nextAttemptAt: NOW + 10, attempts: 1 },
      });
      const again = await claimOf(NOW + 10);
      await store.recordAttempt(id, again?.leaseToken ?? "", {
        ...dead,
        status: "delivered",
        lastStatus: 200,
        lastError: null,
      });
      expect(await store.retry("tenant_a", id, NOW + 20)).toMatchObject({ outcome: "delivered" });
      expect((await store.get("tenant_a", id))?.deliveredAt).toBe(NOW);
      expect(await store.nextDueAt()).toBe(NOW + LEASE_MS);
      expect(await store.retry("tenant_b", id, NOW + 20)).toEqual({ outcome: "not_found" });
      expect(await store.get("tenant_b", id)).toBeNull();
    });

    it("lists newest first with filters and a cursor, and refuses a cursor it did not make", async () => {
      const { store } = current();
      const ids = ["msg_01", "msg_02", "msg_03", "msg_04"];
      await insertDeliveries(
        store,
        0,
        ids.map((id, index) => delivery({ id, eventId: index + 1, jobId: index % 2 === 0 ? "job_even" : "job_odd" })),
      );
      const first = await store.list({ tenantId: "tenant_a", limit: 3 });
      expect(first.deliveries.map((found) => found.id)).toEqual(["msg_04", "msg_03", "msg_02"]);
      const rest = await store.list({ tenantId: "tenant_a", limit: 3, cursor: first.nextCursor ?? "" });
      expect(rest).toMatchObject({ deliveries: [{ id: "msg_01" }], nextCursor: null });
      const even = await store.list({ tenantId: "tenant_a", jobId: "job_even", status: "pending", limit: 10 });
      expect(even.deliveries.map((found) => found.id)).toEqual(["msg_03", "msg_01"]);
      expect((await store.list({ tenantId: "tenant_a", status: "dead", limit: 10 })).deliveries).toEqual([]);
      await expect(store.list({ tenantId: "tenant_a", limit: 3, cursor: "bm9wZQ" })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
      await expect(store.list({ tenantId: "tenant_a", limit: 101 })).rejects.toBeInstanceOf(RangeError);
    });
  });
}
