import { copyFile, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import type { Database } from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteDatabase } from "../db/sqlite-database.ts";
import { applySqliteMigrations, SQLITE_MIGRATIONS_DIRECTORY } from "../db/sqlite-migrations.ts";
import { InvalidCursorError } from "../jobs/job-store.ts";
import { createSqliteJobStore } from "../jobs/sqlite-job-store.ts";
import { makeJobRecord, TEST_EPOCH_MS } from "../jobs/test-support/make-job-record.ts";
import { createSqliteWebhookStore } from "./sqlite-webhook-store.ts";
import type { NewWebhookDelivery, WebhookStore } from "./webhook-store.ts";

const NOW = TEST_EPOCH_MS;
const LEASE_MS = 60_000;

function delivery(overrides: Partial<NewWebhookDelivery>): NewWebhookDelivery {
  return {
    id: `msg_${overrides.eventId ?? 1}_${overrides.url?.length ?? 0}`,
    tenantId: "tenant_a",
    jobId: "job_a",
    eventId: 1,
    eventType: "job.progress",
    url: "https://a.example.com/hook",
    target: "job",
    payload: "{}",
    occurredAt: NOW,
    createdAt: NOW,
    ...overrides,
  };
}

describe("the SQLite webhook store", () => {
  let directory: string;
  let file: string;
  let database: Database;
  let store: WebhookStore;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), "reelay-webhook-store-"));
    file = path.join(directory, "reelay.db");
    database = openSqliteDatabase(file);
    store = createSqliteWebhookStore(database);
  });
  afterEach(async () => {
    if (database.open) database.close();
    await rm(directory, { recursive: true, force: true });
  });

  async function insertAt(cursor: number, deliveries: NewWebhookDelivery[]): Promise<void> {
    expect(await store.recordDispatch(cursor, cursor, deliveries)).toBe(true);
  }

  it("starts its cursor after the job events written before webhooks existed", async () => {
    const older = path.join(directory, "older-migrations");
    await mkdir(older);
    for (const name of await readdir(SQLITE_MIGRATIONS_DIRECTORY)) {
      if (name < "0005") await copyFile(new URL(name, SQLITE_MIGRATIONS_DIRECTORY), path.join(older, name));
    }
    const upgraded = new BetterSqlite3(path.join(directory, "upgraded.db"));
    applySqliteMigrations(upgraded, { directory: pathToFileURL(`${older}/`) });
    const recordEvent = upgraded.prepare(
      "INSERT INTO job_events (tenant_id, job_id, type, job, created_at) VALUES ('tenant_a', 'job_old', 'done', '{}', 0)",
    );
    recordEvent.run();
    const last = recordEvent.run().lastInsertRowid;
    applySqliteMigrations(upgraded);
    const batch = await createSqliteWebhookStore(upgraded).readDispatchBatch(10);
    upgraded.close();
    expect(batch.events).toEqual([]);
    expect(batch.afterEventId).toBe(Number(last));
  });

  it("moves the cursor with its deliveries once, and a reopened store reads on from it", async () => {
    const jobs = createSqliteJobStore(database);
    const job = makeJobRecord({ tenantId: "tenant_a", status: "succeeded", finishedAt: NOW });
    await jobs.insert(job);
    const batch = await store.readDispatchBatch(10);
    expect(batch.afterEventId).toBe(0);
    expect(batch.events.map((source) => [source.event.jobId, source.event.type, source.previousStatus])).toEqual([
      [job.id, "done", null],
    ]);
    const eventId = batch.events[0]?.event.id ?? 0;
    const made = [delivery({ jobId: job.id, eventId, eventType: "job.succeeded" })];
    expect(await store.recordDispatch(0, eventId, made)).toBe(true);
    // A second dispatcher that read the same batch loses the compare-and-set and writes nothing.
    expect(await store.recordDispatch(0, eventId, [delivery({ jobId: job.id, eventId, id: "msg_twice" })])).toBe(false);
    expect((await store.list({ tenantId: "tenant_a", limit: 10 })).deliveries.map((found) => found.id)).toEqual([
      made[0]?.id,
    ]);

    database.close();
    database = openSqliteDatabase(file);
    const reopened = await createSqliteWebhookStore(database).readDispatchBatch(10);
    expect(reopened).toMatchObject({ afterEventId: eventId, events: [] });
  });

  it("tells a start from a cancel request by the status before it, and reports the last progress", async () => {
    await insertAt(0, [delivery({ jobId: "job_p", eventId: 99, occurredAt: NOW + 5_000 })]);
    const jobs = createSqliteJobStore(database);
    const job = makeJobRecord({ tenantId: "tenant_a" });
    await jobs.insert(job);
    const [claimed] = await jobs.claimDue("worker", NOW, LEASE_MS, 1);
    await jobs.update(job.id, claimed?.leaseToken ?? "", { status: "running" }, { nowMs: NOW + 1, release: true });
    await jobs.requestCancel("tenant_a", job.id, NOW + 2);
    const batch = await store.readDispatchBatch(10);
    expect(batch.events.map((source) => [source.event.job.status, source.previousStatus])).toEqual([
      ["queued", null],
      ["running", "queued"],
      ["running", "running"],
    ]);
    expect(batch.lastProgressAt.get(job.id)).toBeUndefined();
    await insertAt(0, [delivery({ jobId: job.id, eventId: 100, occurredAt: NOW + 7_000 })]);
    expect((await store.readDispatchBatch(10)).lastProgressAt.get(job.id)).toBe(NOW + 7_000);
  });

  it("sends one job's deliveries to one URL in order, and frees a crashed sender's claims", async () => {
    const other = "https://b.example.com/hook";
    await insertAt(0, [delivery({ eventId: 1 }), delivery({ eventId: 2 }), delivery({ eventId: 2, url: other })]);
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
    await insertAt(0, [delivery({ eventId: 1 }), delivery({ eventId: 2, tenantId: "tenant_b", jobId: "job_b" })]);
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
    const ids = ["msg_01", "msg_02", "msg_03", "msg_04"];
    await insertAt(
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
  });
});
