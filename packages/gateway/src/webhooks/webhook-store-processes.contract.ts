import { setTimeout as sleep } from "node:timers/promises";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { systemClock } from "../core/clock.ts";
import { createId } from "../core/ids.ts";
import { jobMediaLinks } from "../http/job-media-links.ts";
import { makeJobRecord } from "../jobs/test-support/make-job-record.ts";
import {
  delivery,
  insertDeliveries,
  LEASE_MS,
  NOW,
  useWebhookStoreDatabase,
  type OpenWebhookStoreDatabase,
} from "./test-support/webhook-store-harness.ts";
import { createWebhookDispatcher } from "./webhook-dispatcher.ts";
import type { WebhookDelivery, WebhookStore } from "./webhook-store.ts";

const CONFIGURED_URLS = ["https://ops.example.com/hook", "https://audit.example.com/hook"];

/** Every delivery of tenant A, page by page. */
async function allDeliveries(store: WebhookStore): Promise<WebhookDelivery[]> {
  const found: WebhookDelivery[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ tenantId: "tenant_a", limit: 100, ...(cursor === undefined ? {} : { cursor }) });
    found.push(...page.deliveries);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return found;
}

/** Several processes on one database, each with its own connection or pool, working at once. */
export function describeWebhookStoreProcessesContract(open: OpenWebhookStoreDatabase): void {
  describe("processes sharing the database", () => {
    const current = useWebhookStoreDatabase(open);

    it("lets one of two dispatchers that read the same batch write it", async () => {
      const { store, database } = current();
      const other = await database.connect();
      const job = makeJobRecord({ tenantId: "tenant_a", status: "succeeded", finishedAt: NOW });
      const eventId = await database.appendJobEvent({
        tenantId: "tenant_a",
        jobId: job.id,
        type: "done",
        job,
        createdAt: NOW,
      });
      const [mine, theirs] = await Promise.all([store.readDispatchBatch(10), other.readDispatchBatch(10)]);
      expect(theirs).toEqual(mine);
      const made = (id: string) => [delivery({ id, jobId: job.id, eventId, eventType: "job.succeeded" })];
      const recorded = await Promise.all([
        store.recordDispatch(0, eventId, made("msg_mine")),
        other.recordDispatch(0, eventId, made("msg_theirs")),
      ]);
      expect(recorded.toSorted()).toEqual([false, true]);
      const winner = recorded[0] === true ? "msg_mine" : "msg_theirs";
      expect((await allDeliveries(other)).map((found) => found.id)).toEqual([winner]);
    });

    it("writes each delivery once when two processes dispatch the same events at once, and loses none", async () => {
      const { store, database } = current();
      const jobs = Array.from({ length: 450 }, (_, index) =>
        makeJobRecord({ tenantId: "tenant_a", status: "succeeded", createdAt: NOW + index, finishedAt: NOW + index }),
      );
      const eventIds: number[] = [];
      for (const job of jobs) {
        eventIds.push(
          await database.appendJobEvent({ tenantId: "tenant_a", jobId: job.id, type: "done", job, createdAt: NOW }),
        );
      }
      const dispatcherOn = (on: WebhookStore) =>
        createWebhookDispatcher({
          store: on,
          onJobEvents: () => () => undefined,
          pollMs: 1_000,
          configuredUrls: CONFIGURED_URLS,
          progressIntervalMs: 10_000,
          mediaLinks: async () => jobMediaLinks("https://reelay.example.com", null),
          clock: systemClock,
          createId: (nowMs) => createId("msg", nowMs),
          logger: pino({ level: "silent" }),
          onDeliveries: () => undefined,
        });
      const dispatchers = [dispatcherOn(store), dispatcherOn(await database.connect())];
      await Promise.all(dispatchers.map((dispatcher) => dispatcher.dispatchPending()));

      const written = await allDeliveries(store);
      const pairs = written.map((found) => `${found.eventId} ${found.url}`);
      expect(new Set(pairs).size).toBe(pairs.length);
      expect(pairs.toSorted()).toEqual(
        eventIds.flatMap((eventId) => CONFIGURED_URLS.map((url) => `${eventId} ${url}`)).toSorted(),
      );
      expect(await store.readDispatchBatch(10)).toMatchObject({ afterEventId: eventIds.at(-1), events: [] });
    });

    it("never lets two delivery workers claim one delivery, and keeps a job's deliveries to a URL in order", async () => {
      const { store, database } = current();
      const urls = ["https://a.example.com/hook", "https://b.example.com/hook"];
      const planned = Array.from({ length: 12 }, (_, job) =>
        [1, 2, 3].flatMap((step) =>
          urls.map((url) =>
            delivery({
              id: createId("msg", NOW + job * 10 + step),
              jobId: `job_${job}`,
              eventId: job * 10 + step,
              url,
            }),
          ),
        ),
      ).flat();
      await insertDeliveries(store, 0, planned);
      const stores = [store, await database.connect()];
      const claimed: WebhookDelivery[] = [];
      const lostLeases: string[] = [];
      // Three workers per process, each claiming a few at a time, sending and recording every one.
      const work = async (on: WebhookStore) => {
        while ((await on.nextDueAt()) !== null) {
          const claims = await on.claimDue(NOW, LEASE_MS, 3);
          if (claims.length === 0) await sleep(2);
          for (const { delivery: sent, leaseToken } of claims) {
            claimed.push(sent);
            const done = {
              nowMs: NOW,
              status: "delivered" as const,
              nextAttemptAt: null,
              lastStatus: 204,
              lastError: null,
            };
            if (!(await on.recordAttempt(sent.id, leaseToken, done))) lostLeases.push(sent.id);
          }
        }
      };
      await Promise.all([...stores, ...stores, ...stores].map(work));

      expect(lostLeases).toEqual([]);
      expect(claimed.map((sent) => sent.id).toSorted()).toEqual(planned.map((made) => made.id).toSorted());
      for (const url of urls) {
        for (let job = 0; job < 12; job += 1) {
          const order = claimed.filter((sent) => sent.jobId === `job_${job}` && sent.url === url);
          expect(order.map((sent) => sent.eventId)).toEqual([1, 2, 3].map((step) => job * 10 + step));
        }
      }
      expect((await allDeliveries(store)).every((found) => found.status === "delivered")).toBe(true);
    });
  });
}
