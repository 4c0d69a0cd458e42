/**
 * A faithful fake of Vidu's `/ent/v2` API (shared/providers/vidu.md §10): `Token` auth, per-route
 * and per-model validation with Vidu's reasons, tasks that move through the five documented
 * states over time, big digit-string ids, expiring presigned-style output URLs serving a real MP4
 * and cover, cancel only before scheduling, moderation, credit and 429 answers, and signed status
 * callbacks to a create's `callback_url`.
 */
import { randomBytes, randomInt } from "node:crypto";
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { viduScheme } from "../shared/fake-callback-schemes.ts";
import { createFakeCallbacks, type FakeCallbackEvent } from "../shared/fake-callbacks.ts";
import { createFakeFaults } from "../shared/fake-faults.ts";
import { DEFAULT_FAKE_TIMING, fakePhase, type FakeOptions, type FakeProvider } from "../shared/fake-server.ts";
import type { ViduEndpoint } from "./api.ts";
import { fakeCredits, SHORT_SIDE_PX } from "./fake-models.ts";
import {
  createViduOutputs,
  DEFAULT_OUTPUT_TTL_MS,
  FAKE_STORAGE_PREFIX,
  outputBytes,
  outputSize,
  storageDenied,
  type OutputFile,
} from "./fake-outputs.ts";
import { validateCreate, type AcceptedCreate } from "./fake-validate.ts";

export interface ViduFakeOptions extends FakeOptions {
  /** Unfinished tasks allowed at once; one more create answers 429 `QuotaExceeded`. Unlimited by default. */
  maxConcurrentTasks?: number;
  /** Models that answer 400 `ModelUnavailable`, as a retired model would (e.g. `vidu1.5`). */
  retiredModels?: string[];
}

/** Prompt fragments that script a fake task or create answer. */
export const VIDU_FAKE_PROMPTS = {
  /** The task fails after processing with `err_code: CreationPolicyViolation`. */
  blocked: "blocked-content",
  /** The create answers 400 `TaskPromptPolicyViolation`. */
  promptRejected: "blocked-prompt",
  /** The create answers 400 `CreditInsufficient`. */
  noCredits: "no-credits",
  /** The create answers 429 `TooManyRequests`. */
  tooManyRequests: "too-many-requests",
  /** The create answers 429 `SystemThrottling`. */
  systemThrottling: "system-throttling",
  /** The task fails after processing with `err_code: InternalServiceFailure`. */
  internalFailure: "fail-internal",
} as const;

// Vidu caps the whole POST body at 20 MB.
const BODY_LIMIT_BYTES = 20_000_000;
const STATES_BEFORE_SCHEDULING = new Set(["created", "queueing"]);

/** Vidu's error envelope with a fresh trace id; validation errors add `metadata.fields`. */
export function viduErrorBody(status: number, reason: string, message: string, fields?: string[]) {
  return {
    code: status,
    reason,
    message,
    metadata: { trace_id: randomBytes(16).toString("hex"), ...(fields === undefined ? {} : { fields }) },
  };
}

const viduError = (c: Context, status: number, reason: string, message: string, fields?: string[]) =>
  c.json(viduErrorBody(status, reason, message, fields), status as 400);

interface FakeTask {
  id: string;
  creationId: string;
  endpoint: ViduEndpoint;
  create: AcceptedCreate;
  seed: number;
  credits: number;
  createdAtMs: number;
  cancelledAtMs: number | null;
  /** The origin the create came to, for output URLs in callbacks. */
  origin: string;
}

/** An 18-digit id above 2^53 that a double cannot hold exactly, as Vidu's are. */
function bigTaskId(taken: ReadonlySet<string>): string {
  for (;;) {
    const id = `8${String(randomInt(0, 2 ** 47)).padStart(15, "0")}${randomInt(10, 100)}`;
    if (BigInt(Number(id)) !== BigInt(id) && !taken.has(id)) return id;
  }
}

/** The token of `Authorization: Token <key>`; empty when there is none. */
const tokenOf = (c: Context): string => /^Token (.+)$/.exec(c.req.header("authorization") ?? "")?.[1]?.trim() ?? "";

/** Vidu's fake: serve `app` with `serveFake`; script faults through `faults`. */
export function createViduFake(options: ViduFakeOptions = {}): FakeProvider {
  const timing = options.timing ?? DEFAULT_FAKE_TIMING;
  const now = options.now ?? Date.now;
  const outputs = createViduOutputs(options.outputTtlMs ?? DEFAULT_OUTPUT_TTL_MS);
  const retired = new Set(options.retiredModels ?? []);
  const tasks = new Map<string, FakeTask>();
  const faults = createFakeFaults();
  const callbacks = createFakeCallbacks(viduScheme, { now });

  /** State, err_code and charge of a task at `nowMs`; only the five documented states. */
  function stateOf(task: FakeTask, nowMs: number): { state: string; errCode: string; credits: number } {
    // unverified: a cancelled task reads `failed` + `UserCancelled`, refunded.
    if (task.cancelledAtMs !== null) return { state: "failed", errCode: "UserCancelled", credits: 0 };
    const { phase } = fakePhase(task.createdAtMs, nowMs, timing);
    if (phase === "queued") {
      const state = nowMs - task.createdAtMs < timing.queuedMs / 2 ? "created" : "queueing";
      return { state, errCode: "", credits: task.credits };
    }
    if (phase === "running") return { state: "processing", errCode: "", credits: task.credits };
    // unverified: whether failed tasks are refunded (undocumented); the fake charges nothing.
    if (task.create.prompt.includes(VIDU_FAKE_PROMPTS.blocked)) {
      return { state: "failed", errCode: "CreationPolicyViolation", credits: 0 };
    }
    if (task.create.prompt.includes(VIDU_FAKE_PROMPTS.internalFailure)) {
      return { state: "failed", errCode: "InternalServiceFailure", credits: 0 };
    }
    return { state: "success", errCode: "", credits: task.credits };
  }

  function statusBody(task: FakeTask, nowMs: number, origin: string) {
    const { state, errCode, credits } = stateOf(task, nowMs);
    const creations =
      state === "success"
        ? [
            {
              id: task.creationId,
              url: outputs.url(origin, task.id, "video.mp4", nowMs),
              cover_url: outputs.url(origin, task.id, "cover.jpeg", nowMs),
            },
          ]
        : [];
    return {
      id: task.id,
      state,
      err_code: errCode,
      credits,
      payload: task.create.payload,
      bgm: task.create.bgm,
      off_peak: false,
      creations,
    };
  }

  /**
   * The task's callbacks: the status body when processing starts and when the task ends, posted
   * to `url` and keyed by the token that created the task.
   */
  function trackCallbacks(task: FakeTask, url: string, token: string): void {
    const event = (atMs: number, terminal: boolean): FakeCallbackEvent => ({
      atMs,
      terminal,
      render: () => {
        const body = statusBody(task, atMs, task.origin);
        return { status: body.state, body: JSON.stringify(body) };
      },
    });
    const processingAtMs = task.createdAtMs + timing.queuedMs;
    callbacks.track({
      taskId: task.id,
      createdAtMs: task.createdAtMs,
      url,
      secret: token,
      events: [event(processingAtMs, false), event(processingAtMs + timing.renderMs, true)],
    });
  }

  const unfinished = (nowMs: number) =>
    [...tasks.values()].filter((task) => ["created", "queueing", "processing"].includes(stateOf(task, nowMs).state))
      .length;

  /** Scripted refusals a create can meet before validation passes: account and throttling answers. */
  function scriptedRefusal(c: Context, prompt: string): Response | null {
    if (prompt.includes(VIDU_FAKE_PROMPTS.tooManyRequests))
      return viduError(c, 429, "TooManyRequests", "too many requests");
    if (prompt.includes(VIDU_FAKE_PROMPTS.systemThrottling))
      return viduError(c, 429, "SystemThrottling", "system throttling");
    if (options.maxConcurrentTasks !== undefined && unfinished(now()) >= options.maxConcurrentTasks) {
      // unverified: the message; the reason and status are Vidu's (concurrency limit).
      return viduError(c, 429, "QuotaExceeded", "quota exceeded: concurrent task limit reached");
    }
    if (prompt.includes(VIDU_FAKE_PROMPTS.noCredits))
      return viduError(c, 400, "CreditInsufficient", "insufficient credits");
    if (prompt.includes(VIDU_FAKE_PROMPTS.promptRejected)) {
      return viduError(c, 400, "TaskPromptPolicyViolation", "prompt violates the content policy");
    }
    return null;
  }

  async function readJson(c: Context): Promise<{ body: unknown } | { response: Response }> {
    const text = await c.req.text();
    // unverified: Vidu's answer to an oversized body.
    if (text.length > BODY_LIMIT_BYTES) return { response: viduError(c, 413, "BadRequest", "request body too large") };
    try {
      return { body: JSON.parse(text) as unknown };
    } catch {
      return { response: viduError(c, 400, "BadRequest", "bad request") };
    }
  }

  async function create(c: Context, endpoint: ViduEndpoint): Promise<Response> {
    const read = await readJson(c);
    if ("response" in read) return read.response;
    const validated = await validateCreate(endpoint, read.body, retired);
    if ("refusal" in validated) {
      const { status, reason, message, fields } = validated.refusal;
      return viduError(c, status, reason, message, fields);
    }
    const accepted = validated.create;
    const refusal = scriptedRefusal(c, accepted.prompt);
    if (refusal !== null) return refusal;
    const task: FakeTask = {
      id: bigTaskId(new Set(tasks.keys())),
      creationId: bigTaskId(new Set(tasks.keys())),
      endpoint,
      create: accepted,
      seed: accepted.seed === undefined || accepted.seed === 0 ? randomInt(1, 2 ** 31) : accepted.seed,
      credits: fakeCredits(accepted.duration, accepted.resolution),
      createdAtMs: now(),
      cancelledAtMs: null,
      origin: new URL(c.req.url).origin,
    };
    tasks.set(task.id, task);
    if (accepted.callbackUrl !== undefined) trackCallbacks(task, accepted.callbackUrl, tokenOf(c));
    return c.json({
      task_id: task.id,
      state: "created",
      model: accepted.model,
      ...(endpoint === "/text2video" ? { style: "general" } : { images: accepted.images }),
      prompt: accepted.prompt,
      duration: accepted.duration,
      seed: task.seed,
      ...(accepted.aspectRatio === undefined ? {} : { aspect_ratio: accepted.aspectRatio }),
      resolution: accepted.resolution,
      movement_amplitude: accepted.movementAmplitude,
      bgm: accepted.bgm,
      ...(accepted.audio === undefined ? {} : { audio: accepted.audio }),
      payload: accepted.payload,
      off_peak: false,
      credits: task.credits,
      // Vidu writes microseconds.
      created_at: new Date(task.createdAtMs).toISOString().replace("Z", "000Z"),
    });
  }

  const requireToken: MiddlewareHandler = async (c, next) => {
    const key = tokenOf(c);
    if (key === "" || (options.apiKey !== undefined && key !== options.apiKey)) {
      return viduError(c, 401, "Unauthorized", "unauthorized");
    }
    await next();
  };

  const api = new Hono();
  api.use("*", requireToken);
  api.post("/text2video", (c) => create(c, "/text2video"));
  api.post("/img2video", (c) => create(c, "/img2video"));
  api.post("/start-end2video", (c) => create(c, "/start-end2video"));
  api.get("/tasks/:id/creations", (c) => {
    const task = tasks.get(c.req.param("id"));
    if (task === undefined) return viduError(c, 404, "TaskNotFound", "task not found");
    return c.json(statusBody(task, now(), new URL(c.req.url).origin));
  });
  api.post("/tasks/:id/cancel", async (c) => {
    const id = c.req.param("id");
    const task = tasks.get(id);
    if (task === undefined) return viduError(c, 404, "TaskNotFound", "task not found");
    const read = await readJson(c);
    if ("response" in read) return read.response;
    const bodyId = (read.body as { id?: unknown } | null)?.id;
    if (bodyId === undefined) return viduError(c, 400, "FieldLacking", "field is missing or empty: id", ["id"]);
    if (bodyId !== id) return viduError(c, 400, "FieldInvalid", "invalid field: id", ["id"]);
    const { state } = stateOf(task, now());
    if (STATES_BEFORE_SCHEDULING.has(state)) {
      task.cancelledAtMs = now();
      return c.json({});
    }
    // Vidu's documented refusal names its internal `scheduled` state; unverified for finished tasks.
    const named = state === "processing" ? "scheduled" : state;
    return viduError(c, 400, "BadRequest", `task state is ${named}, can not cancel`);
  });

  const app = new Hono();
  app.use("*", faults.middleware);
  app.route("/", faults.admin);
  app.route("/", callbacks.admin);

  // Object storage: no Vidu auth, only the signature in the query.
  app.get(`${FAKE_STORAGE_PREFIX}/:taskId/:file`, async (c) => {
    const taskId = c.req.param("taskId");
    const file = c.req.param("file");
    if (file !== "video.mp4" && file !== "cover.jpeg") return storageDenied();
    if (!outputs.verify(c.req.query("X-Amz-Signature"), taskId, file as OutputFile, now())) return storageDenied();
    const task = tasks.get(taskId);
    if (task === undefined) return storageDenied();
    const size = outputSize(SHORT_SIDE_PX[task.create.resolution] ?? 720, task.create.widthOverHeight);
    const { bytes, mediaType } = await outputBytes(file, size, task.create.duration);
    return new Response(bytes, { headers: { "content-type": mediaType, "content-length": String(bytes.byteLength) } });
  });

  // The real base URL ends in `/ent/v2`; the fake answers with or without that prefix.
  app.route("/ent/v2", api);
  app.route("/", api);
  app.notFound((c) => viduError(c, 404, "NotFound", "not found"));

  return { app, faults, callbacks, close: callbacks.close };
}
