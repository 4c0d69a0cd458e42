import { setTimeout as delay } from "node:timers/promises";
import { Hono } from "hono";
import { z } from "zod";

/** How a provider signs and acknowledges its callbacks (one per signature scheme). */
export interface FakeCallbackScheme {
  /** A fresh message id (or nonce). */
  newMessageId(): string;
  /** The headers that sign `body` for `url` with `secret`, as sent at `sentAtMs`. */
  sign(message: {
    messageId: string;
    body: string;
    sentAtMs: number;
    url: string;
    secret: string;
  }): Record<string, string>;
  /** Whether the receiver's answer acknowledges a callback. */
  acknowledged(status: number, text: string): boolean;
  /** How often an unacknowledged callback naming this status is sent again. */
  retries(status: string): number;
  /**
   * What `POST /__fake/callbacks` may set: a dashboard-configured provider takes `url` and
   * `secret`; one taking a URL per request may take only the account's `secret`, or nothing.
   */
  configurable: { url: boolean; secret: boolean };
}

/** Where a dashboard-configured provider posts callbacks, and the secret it signs them with. */
export interface FakeCallbackTarget {
  url: string;
  secret: string;
}

/** One state change a callback reports; rendered just before it is sent, so a change since (a cancel) shows. */
export interface FakeCallbackEvent {
  /** When the provider's status endpoint starts showing the change (fake clock, epoch ms). */
  atMs: number;
  /** Whether the task ends with it. */
  terminal: boolean;
  /** The status the message names (for the record) and its JSON body. */
  render(): { status: string; body: string };
}

/** A task whose state changes are reported. */
export interface FakeCallbackTask {
  taskId: string;
  createdAtMs: number;
  /** Where this task's callbacks go when the provider takes a URL per request; else the dashboard's. */
  url?: string;
  /** The key this task's callbacks are signed with (Vidu: the creating token); else the configured secret. */
  secret?: string;
  /** Sent with every callback of the task besides the signature (PixVerse's `Ai-Trace-Id`). */
  headers?: Record<string, string>;
  events: FakeCallbackEvent[];
}

const fakeCallbackSettingsSchema = z.strictObject({
  /** The dashboard's callback URL (dashboard-configured providers). */
  url: z.url().optional(),
  /** The signing secret, in the provider's own format. */
  secret: z.string().min(1).optional(),
  /** Each callback is sent this many times, each a fresh message (new id, timestamp and signature). */
  duplicate: z.number().int().min(1).max(10).optional(),
  /** Each message is sent a second time byte for byte: a replay. */
  replay: z.boolean().optional(),
  /**
   * `reversed`: the terminal callback is sent early, halfway to the moment the status endpoint
   * shows it, and every other callback late, right after it. Applies to tasks tracked afterwards.
   */
  order: z.enum(["in_order", "reversed"]).optional(),
});

export type FakeCallbackSettings = z.infer<typeof fakeCallbackSettingsSchema>;

/** One delivery a fake made. */
export interface SentCallback {
  taskId: string;
  status: string;
  messageId: string;
  url: string;
  /** 1 for a message's first delivery, one more per retry. */
  attempt: number;
  /** True for the scripted identical second delivery (`replay`). */
  replay: boolean;
  /** The receiver's HTTP status; null when no answer came. */
  answerStatus: number | null;
  /** When it was sent (fake clock, epoch ms). */
  sentAtMs: number;
}

/** What tests use in-process: the equivalent of `POST /__fake/callbacks` and `GET /__fake/callbacks`. */
export interface FakeCallbackControl {
  /** Changes the given settings; throws what `POST /__fake/callbacks` would answer 400 with. */
  configure(settings: FakeCallbackSettings): void;
  /** Every delivery so far, in order. */
  sent: SentCallback[];
}

export interface FakeCallbacks extends FakeCallbackControl {
  /** `POST /__fake/callbacks` (settings) and `GET /__fake/callbacks` (the deliveries). */
  admin: Hono;
  /** Reports the task's state changes from now on, once it has somewhere to report them to. */
  track(task: FakeCallbackTask): void;
  /** Stops every pending and running delivery. */
  close(): void;
}

/** The wait before the first retry, doubling for each further one: short, so tests see retries quickly. */
const FIRST_RETRY_WAIT_MS = 100;
/** How long a receiver may take to answer one delivery. */
const DELIVERY_TIMEOUT_MS = 5_000;

interface Message {
  messageId: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  sentAtMs: number;
}

/**
 * Callbacks from a fake (shared/providers/*.md §9). Fakes compute task state lazily from time, so
 * each tracked task gets a timer (unref'd) for each moment its state changes, once a target (URL
 * and secret) exists for it. A task's callbacks are sent one after another; unacknowledged ones
 * are retried with short waits; a status already reported is not reported again. Timers wait in
 * real time for the fake clock to reach each moment.
 */
export function createFakeCallbacks(
  scheme: FakeCallbackScheme,
  options: { now: () => number; initial?: FakeCallbackSettings },
): FakeCallbacks {
  const { now } = options;
  const settings: FakeCallbackSettings = { ...options.initial };
  const waiting = new Map<string, FakeCallbackTask>();
  const sent: SentCallback[] = [];
  const stopped = new AbortController();

  const urlOf = (task: FakeCallbackTask) => task.url ?? (scheme.configurable.url ? settings.url : undefined);
  const secretOf = (task: FakeCallbackTask) => task.secret ?? settings.secret;

  function sign(task: FakeCallbackTask, messageId: string, body: string, url: string, secret: string): Message {
    const sentAtMs = now();
    const signature = scheme.sign({ messageId, body, sentAtMs, url, secret });
    const headers = { "Content-Type": "application/json", ...task.headers, ...signature };
    return { messageId, url, headers, body, sentAtMs };
  }

  /** Sends one message once; whether it was acknowledged. */
  async function post(task: FakeCallbackTask, status: string, message: Message, attempt: number, replay: boolean) {
    let answerStatus: number | null = null;
    let acknowledged = false;
    try {
      const answer = await fetch(message.url, {
        method: "POST",
        headers: message.headers,
        body: message.body,
        redirect: "manual",
        signal: AbortSignal.any([stopped.signal, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]),
      });
      const text = await answer.text();
      answerStatus = answer.status;
      acknowledged = scheme.acknowledged(answer.status, text);
    } catch {
      // No answer (refused, reset, timed out): retried like a refusal.
    }
    const { messageId, url, sentAtMs } = message;
    sent.push({ taskId: task.taskId, status, messageId, url, attempt, replay, answerStatus, sentAtMs });
    return acknowledged;
  }

  /** Delivers one event: each copy a fresh message, retried until acknowledged, replayed if scripted. */
  async function deliver(task: FakeCallbackTask, status: string, body: string) {
    const url = urlOf(task);
    const secret = secretOf(task);
    if (url === undefined || secret === undefined) return;
    for (let copy = 0; copy < (settings.duplicate ?? 1); copy++) {
      const messageId = scheme.newMessageId();
      let message = sign(task, messageId, body, url, secret);
      const first = message;
      const attempts = 1 + scheme.retries(status);
      for (let attempt = 1; attempt <= attempts; attempt++) {
        if (attempt > 1) {
          await delay(FIRST_RETRY_WAIT_MS * 2 ** (attempt - 2), undefined, { ref: false, signal: stopped.signal });
          // A retry is the same message (same id), signed afresh at the time it is sent.
          message = sign(task, messageId, body, url, secret);
        }
        if (await post(task, status, message, attempt, false)) break;
      }
      if (settings.replay) await post(task, status, first, 1, true);
    }
  }

  /** When each event is sent: its own moment, or the `reversed` order. */
  function plan(task: FakeCallbackTask): Array<{ event: FakeCallbackEvent; atMs: number }> {
    const inOrder = task.events.toSorted((a, b) => a.atMs - b.atMs).map((event) => ({ event, atMs: event.atMs }));
    const terminal = inOrder.find((step) => step.event.terminal);
    if (settings.order !== "reversed" || terminal === undefined) return inOrder;
    const early = task.createdAtMs + (terminal.atMs - task.createdAtMs) / 2;
    const others = inOrder.filter((step) => step !== terminal).map((step) => ({ ...step, atMs: terminal.atMs }));
    return [{ event: terminal.event, atMs: early }, ...others];
  }

  /** Sends the task's callbacks at their moments; those before `fromMs` are past and skipped. */
  async function run(task: FakeCallbackTask, fromMs: number) {
    let reported: string | undefined;
    for (const { event, atMs } of plan(task)) {
      if (atMs < fromMs) continue;
      // Not a moment early: a timer may fire a little before its delay by the clock.
      while (now() < atMs) await delay(atMs - now(), undefined, { ref: false, signal: stopped.signal });
      const { status, body } = event.render();
      if (status === reported) continue;
      reported = status;
      await deliver(task, status, body);
    }
  }

  const start = (task: FakeCallbackTask, fromMs: number) => void run(task, fromMs).catch(() => undefined);
  const hasTarget = (task: FakeCallbackTask) => urlOf(task) !== undefined && secretOf(task) !== undefined;

  function configure(update: FakeCallbackSettings): void {
    if (update.url !== undefined && !scheme.configurable.url) {
      throw new Error("This provider takes its callback URL with each create, not from a dashboard.");
    }
    if (update.secret !== undefined && !scheme.configurable.secret) {
      throw new Error("This provider signs callbacks with the API token that created the task.");
    }
    if (
      scheme.configurable.url &&
      (update.url ?? settings.url) !== undefined &&
      (update.secret ?? settings.secret) === undefined
    ) {
      throw new Error("A callback URL needs a secret to sign with.");
    }
    Object.assign(settings, update);
    // Tasks created before there was a target report their changes from now on.
    for (const task of waiting.values()) {
      if (!hasTarget(task)) continue;
      waiting.delete(task.taskId);
      start(task, now());
    }
  }

  const admin = new Hono();
  admin.post("/__fake/callbacks", async (c) => {
    const parsed = fakeCallbackSettingsSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: parsed.error.issues }, 400);
    try {
      configure(parsed.data);
    } catch (error) {
      return c.json({ error: (error as Error).message }, 400);
    }
    const { secret: _secret, ...shown } = settings;
    return c.json(shown);
  });
  admin.get("/__fake/callbacks", (c) => c.json(sent));

  return {
    admin,
    configure,
    sent,
    track(task) {
      if (hasTarget(task)) {
        start(task, task.createdAtMs);
        return;
      }
      // Only a dashboard target can still appear: a task without one waits for it while unfinished.
      if (!scheme.configurable.url) return;
      const nowMs = now();
      for (const [taskId, old] of waiting) {
        if (old.events.every((event) => event.atMs < nowMs)) waiting.delete(taskId);
      }
      waiting.set(task.taskId, task);
    },
    close: () => stopped.abort(),
  };
}
