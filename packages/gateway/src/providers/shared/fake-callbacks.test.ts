import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { verifyPolloWebhook, verifyStandardWebhook } from "./callback-signatures.ts";
import { pixverseScheme, polloScheme, standardWebhookScheme, viduScheme } from "./fake-callback-schemes.ts";
import {
  createFakeCallbacks,
  type FakeCallbackEvent,
  type FakeCallbackScheme,
  type FakeCallbacks,
  type FakeCallbackSettings,
  type FakeCallbackTask,
} from "./fake-callbacks.ts";
import { startCallbackReceiver, type CallbackReceiver, type ReceiverAnswer } from "./test-support/callback-receiver.ts";
import { POLLO_VECTOR, STANDARD_WEBHOOK_VECTOR } from "./test-support/callback-vectors.ts";

const POLLO_SECRET = POLLO_VECTOR.secret;
const WHSEC = STANDARD_WEBHOOK_VECTOR.secret;

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function receiver(answers: ReceiverAnswer[] = []): Promise<CallbackReceiver> {
  const started = await startCallbackReceiver(answers);
  open.push(started);
  return started;
}

function callbacks(scheme: FakeCallbackScheme, initial?: FakeCallbackSettings): FakeCallbacks {
  const created = createFakeCallbacks(scheme, { now: Date.now, ...(initial ? { initial } : {}) });
  open.push(created);
  return created;
}

/** An event `afterMs` from now whose body names the task and `status`. */
function event(taskId: string, status: string, afterMs: number, terminal: boolean): FakeCallbackEvent {
  return {
    atMs: Date.now() + afterMs,
    terminal,
    render: () => ({ status, body: JSON.stringify({ taskId, status }) }),
  };
}

/** A task whose one event, `afterMs` from now, ends it with `status`. */
function endingTask(
  taskId: string,
  status: string,
  afterMs: number,
  fields: Partial<FakeCallbackTask> = {},
): FakeCallbackTask {
  return { taskId, createdAtMs: Date.now(), events: [event(taskId, status, afterMs, true)], ...fields };
}

/** A task that starts processing after 50 ms and succeeds after 150 ms. */
function twoStepTask(taskId: string, fields: Partial<FakeCallbackTask> = {}): FakeCallbackTask {
  return {
    taskId,
    createdAtMs: Date.now(),
    events: [event(taskId, "processing", 50, false), event(taskId, "success", 150, true)],
    ...fields,
  };
}

const statusOf = (callback: { body: Uint8Array }) =>
  (JSON.parse(Buffer.from(callback.body).toString()) as { status: string }).status;

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(20);
  }
}

describe("fake callbacks: delivery", () => {
  it("sends each state change at its moment, in order, signed for the task's URL, and records it", async () => {
    const target = await receiver();
    const fake = callbacks(polloScheme, { secret: POLLO_SECRET });
    const task = twoStepTask("cm_1", { url: `${target.url}/hooks/pollo?job=job_1` });
    fake.track(task);
    const [processing, success] = await target.waitFor(2);
    await until(() => fake.sent.length === 2);
    expect([processing, success].map((callback) => statusOf(callback!))).toEqual(["processing", "success"]);
    expect(processing?.url.pathname + (processing?.url.search ?? "")).toBe("/hooks/pollo?job=job_1");
    for (const callback of [processing!, success!]) {
      expect(verifyPolloWebhook(POLLO_SECRET, callback.headers, callback.body)).toEqual({ ok: true });
      expect(callback.headers.get("content-type")).toBe("application/json");
    }
    // Not before the moment the status endpoint would show the change.
    expect(fake.sent[1]?.sentAtMs).toBeGreaterThanOrEqual(task.events[1]!.atMs);
    expect(fake.sent).toEqual([
      expect.objectContaining({ taskId: "cm_1", status: "processing", attempt: 1, replay: false, answerStatus: 200 }),
      expect.objectContaining({ taskId: "cm_1", status: "success", attempt: 1, replay: false, answerStatus: 200 }),
    ]);
  });

  it("retries an unacknowledged callback as the same message, signed afresh, until acknowledged", async () => {
    const target = await receiver([{ status: 500 }, { status: 503 }]);
    const fake = callbacks(polloScheme, { secret: POLLO_SECRET });
    fake.track(endingTask("cm_2", "succeed", 0, { url: target.url }));
    const attempts = await target.waitFor(3);
    expect(new Set(attempts.map((callback) => callback.headers.get("x-webhook-id"))).size).toBe(1);
    for (const callback of attempts) {
      expect(verifyPolloWebhook(POLLO_SECRET, callback.headers, callback.body)).toEqual({ ok: true });
    }
    await sleep(500);
    expect(target.received).toHaveLength(3);
    expect(fake.sent.map(({ attempt, answerStatus }) => [attempt, answerStatus])).toEqual([
      [1, 500],
      [2, 503],
      [3, 200],
    ]);
  });

  it("gives up after the scheme's retries: Vidu retries an ending three times, processing never", async () => {
    const target = await receiver(Array.from({ length: 10 }, () => ({ status: 500 })));
    const fake = callbacks(viduScheme);
    fake.track(twoStepTask("8001", { url: target.url, secret: "vda_token" }));
    await target.waitFor(5);
    await sleep(1_000);
    expect(fake.sent.map(({ status, attempt }) => `${status}#${attempt}`)).toEqual([
      "processing#1",
      "success#1",
      "success#2",
      "success#3",
      "success#4",
    ]);
  });

  it("counts a delivery that got no answer as unacknowledged", async () => {
    const gone = await startCallbackReceiver();
    await gone.close();
    const fake = callbacks(polloScheme, { secret: POLLO_SECRET });
    fake.track(endingTask("cm_3", "failed", 0, { url: gone.url }));
    await until(() => fake.sent.length === 4);
    expect(fake.sent.map(({ attempt, answerStatus }) => [attempt, answerStatus])).toEqual([
      [1, null],
      [2, null],
      [3, null],
      [4, null],
    ]);
  });

  it("takes only HTTP 200 with the body exactly `ok` as PixVerse's acknowledgement", async () => {
    const target = await receiver([
      { status: 200, body: "OK" },
      { status: 204, body: "" },
      { status: 200, body: "ok" },
    ]);
    const fake = callbacks(pixverseScheme, { url: target.url, secret: "pixverse-secret" });
    fake.track(endingTask("334719258", "1", 0));
    await target.waitFor(3);
    await sleep(500);
    expect(fake.sent.map(({ attempt, answerStatus }) => [attempt, answerStatus])).toEqual([
      [1, 200],
      [2, 204],
      [3, 200],
    ]);
  });

  it("reports a status once, even when two moments render the same one", async () => {
    const target = await receiver();
    const fake = callbacks(viduScheme);
    const cancelled = (afterMs: number, terminal: boolean) => event("8002", "failed", afterMs, terminal);
    fake.track({
      taskId: "8002",
      createdAtMs: Date.now(),
      url: target.url,
      secret: "t",
      events: [cancelled(0, false), cancelled(50, true)],
    });
    await target.waitFor(1);
    await sleep(300);
    expect(fake.sent.map(({ status }) => status)).toEqual(["failed"]);
  });

  it("stops pending callbacks when closed", async () => {
    const target = await receiver();
    const fake = createFakeCallbacks(polloScheme, { now: Date.now, initial: { secret: POLLO_SECRET } });
    fake.track(twoStepTask("cm_4", { url: target.url }));
    fake.close();
    await sleep(400);
    expect(target.received).toEqual([]);
    expect(fake.sent).toEqual([]);
  });
});

describe("fake callbacks: scripted faults", () => {
  it("`duplicate` sends each callback as that many fresh messages", async () => {
    const target = await receiver();
    const fake = callbacks(polloScheme, { secret: POLLO_SECRET, duplicate: 3 });
    fake.track(endingTask("cm_5", "succeed", 0, { url: target.url }));
    const copies = await target.waitFor(3);
    expect(new Set(copies.map((callback) => callback.headers.get("x-webhook-id"))).size).toBe(3);
    for (const callback of copies) {
      expect(statusOf(callback)).toBe("succeed");
      expect(verifyPolloWebhook(POLLO_SECRET, callback.headers, callback.body)).toEqual({ ok: true });
    }
  });

  it("`replay` sends each message a second time, byte for byte", async () => {
    const target = await receiver();
    const fake = callbacks(standardWebhookScheme, { url: target.url, secret: WHSEC });
    fake.configure({ replay: true });
    fake.track(endingTask("video_1", "video.completed", 0));
    const [first, replayed] = await target.waitFor(2);
    await until(() => fake.sent.length === 2);
    expect(Object.fromEntries(replayed!.headers)).toEqual(Object.fromEntries(first!.headers));
    expect(Buffer.from(replayed!.body).equals(Buffer.from(first!.body))).toBe(true);
    expect(verifyStandardWebhook(WHSEC, replayed!.headers, replayed!.body)).toEqual({ ok: true });
    expect(fake.sent.map(({ replay, messageId }) => [replay, messageId])).toEqual([
      [false, first!.headers.get("webhook-id")],
      [true, first!.headers.get("webhook-id")],
    ]);
  });

  it("`order: reversed` sends the ending early and the other changes late, after it", async () => {
    const target = await receiver();
    const fake = callbacks(viduScheme);
    fake.configure({ order: "reversed" });
    const task: FakeCallbackTask = {
      taskId: "8003",
      createdAtMs: Date.now(),
      url: target.url,
      secret: "t",
      events: [event("8003", "processing", 200, false), event("8003", "success", 400, true)],
    };
    fake.track(task);
    const [ending, processing] = await target.waitFor(2);
    await until(() => fake.sent.length === 2);
    expect([statusOf(ending!), statusOf(processing!)]).toEqual(["success", "processing"]);
    expect(fake.sent[0]!.sentAtMs).toBeLessThan(task.events[1]!.atMs);
    expect(fake.sent[1]!.sentAtMs).toBeGreaterThanOrEqual(task.events[1]!.atMs);
  });

  it("`order: reversed` sends a single-message provider's ending before the status shows it", async () => {
    const target = await receiver();
    const fake = callbacks(polloScheme, { secret: POLLO_SECRET, order: "reversed" });
    const task = endingTask("cm_6", "succeed", 400, { url: target.url });
    fake.track(task);
    await until(() => fake.sent.length === 1);
    expect(fake.sent[0]!.sentAtMs).toBeLessThan(task.events[0]!.atMs);
  });
});

describe("fake callbacks: dashboard settings", () => {
  const post = (fake: FakeCallbacks, body: unknown) =>
    fake.admin.request("/__fake/callbacks", { method: "POST", body: JSON.stringify(body) });

  it("reports unfinished tasks once POST /__fake/callbacks sets the URL, and lists deliveries on GET", async () => {
    const target = await receiver();
    const fake = callbacks(standardWebhookScheme);
    const finished: FakeCallbackTask = {
      taskId: "video_old",
      createdAtMs: Date.now() - 1_000,
      events: [{ ...event("video_old", "video.completed", 0, true), atMs: Date.now() - 500 }],
    };
    fake.track(finished);
    fake.track(endingTask("video_2", "video.completed", 1_000));
    await sleep(300);
    expect(fake.sent).toEqual([]);
    const answer = await post(fake, { url: `${target.url}/callbacks/openai`, secret: WHSEC });
    expect(answer.status).toBe(200);
    const shown = await answer.json();
    expect(shown).toEqual({ url: `${target.url}/callbacks/openai` });
    const [callback] = await target.waitFor(1);
    expect(verifyStandardWebhook(WHSEC, callback!.headers, callback!.body)).toEqual({ ok: true });
    await sleep(200);
    expect(target.received).toHaveLength(1);
    const listed = await (await fake.admin.request("/__fake/callbacks")).json();
    expect(listed).toEqual([
      expect.objectContaining({ taskId: "video_2", status: "video.completed", attempt: 1, answerStatus: 200 }),
    ]);
  });

  it("refuses settings the provider does not take, or that cannot work", async () => {
    const cases: Array<[FakeCallbackScheme, unknown, RegExp]> = [
      [polloScheme, { url: "http://127.0.0.1:1/hook" }, /with each create/],
      [viduScheme, { secret: "s" }, /API token/],
      [standardWebhookScheme, { url: "http://127.0.0.1:1/hook" }, /needs a secret/],
    ];
    for (const [scheme, body, message] of cases) {
      const fake = callbacks(scheme);
      const answer = await post(fake, body);
      expect(answer.status).toBe(400);
      expect(JSON.stringify(await answer.json())).toMatch(message);
      expect(() => fake.configure(body as FakeCallbackSettings)).toThrow(message);
    }
    const fake = callbacks(standardWebhookScheme);
    for (const body of [{ duplicate: 0 }, { order: "random" }, { url: "not a url", secret: "s" }, { other: 1 }, "x"]) {
      expect((await post(fake, body)).status, JSON.stringify(body)).toBe(400);
    }
  });
});
