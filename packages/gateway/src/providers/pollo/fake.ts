/**
 * A faithful fake of Pollo's platform API (shared/providers/pollo.md §10): legacy and v1 create
 * routes with their validation, the `{code, message, data}` envelope, `x-api-key`, credits, rate
 * and concurrency limits, per-generation states over time, moderation failures, Sora answered as
 * "not enabled", public output URLs that expire and serve a real MP4, and signed `{taskId, status}`
 * callbacks to a create's `webhookUrl` when its task ends.
 */
import { randomBytes } from "node:crypto";
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { polloScheme } from "../shared/fake-callback-schemes.ts";
import { createFakeCallbacks, type FakeCallbackTask } from "../shared/fake-callbacks.ts";
import { createFakeFaults } from "../shared/fake-faults.ts";
import { createOutputSigner } from "../shared/fake-output-signer.ts";
import {
  DEFAULT_FAKE_TIMING,
  fakePhase,
  fakeVideo,
  type FakeOptions,
  type FakeProvider,
} from "../shared/fake-server.ts";
import { cloudflareChallenge, outputGone, outputSize, polloFailure, polloSuccess } from "./fake-envelope.ts";
import { acceptedInput, createBodySchema, FAKE_ROUTES, type AcceptedInput } from "./fake-schemas.ts";

export interface PolloFakeOptions extends FakeOptions {
  /**
   * Models (legacy route names) answered 403 "This model is not enabled for API access". Default:
   * both Sora models, Pollo's likely answer since OpenAI shut Sora down (unverified).
   */
  disabledModels?: string[];
  /** The account's credits; a create costing more answers 403 "Not enough credits". Default 1,000,000. */
  credits?: number;
  /** Unfinished tasks allowed at once; one more answers 429 `PARALLEL_TASK_LIMIT_REACHED`. */
  parallelTaskLimit?: number;
  /** Creates allowed per rolling minute; one more answers 429 `RATE_LIMIT_EXCEEDED`. */
  createsPerMinute?: number;
  /** Sends error envelopes with HTTP 200, as some clients report for business errors (unverified). */
  errorsWithHttp200?: boolean;
  /** Answers every API call with Cloudflare's HTML 403 challenge. */
  cloudflareChallenge?: boolean;
  /** The account's webhook signing secret, base64 as Pollo's dashboard hands it out. Default `POLLO_FAKE_WEBHOOK_SECRET`. */
  webhookSecret?: string;
}

/** The fake's default webhook secret: pollo.md's test vector secret, "fake-pollo-webhook-secret-0001" in base64. */
export const POLLO_FAKE_WEBHOOK_SECRET = "ZmFrZS1wb2xsby13ZWJob29rLXNlY3JldC0wMDAx";

/** Prompt fragments that script a task. */
export const POLLO_FAKE_PROMPTS = {
  /** The generation fails with a moderation `failMsg` as soon as it leaves the queue. */
  blocked: "blocked-content",
  /** The create answers 403 "Not enough credits". */
  noCredits: "no-credits",
  /** The generation fails after rendering with a non-moderation `failMsg`. */
  failure: "fail-generation",
} as const;

export const FAKE_MODERATION_MESSAGE = "The input prompt did not pass content moderation";
const FAKE_FAILURE_MESSAGE = "Generation failed, please try again later";
/** Retention: "up to 14 days". */
const DEFAULT_OUTPUT_TTL_MS = 14 * 24 * 3_600_000;
const DEFAULT_CREDITS = 1_000_000;
// unverified: Pollo's prices; credits per second, only for the fake's balance.
const CREDITS_PER_SECOND: Record<string, number> = { "google/veo3-fast": 10, "google/veo3-1": 40 };

interface FakeTask extends AcceptedInput {
  taskId: string;
  generationId: string;
  model: string;
  createdAtMs: number;
  credit: number;
  /**
   * Signed when the output is first handed out, then stable for its lifetime, as Pollo's URLs
   * are; the lifetime counts from then, so a short test TTL does not expire an unseen output.
   */
  outputToken?: string;
}

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** Pollo's fake: serve `app` with `serveFake` and use its URL as the base URL. */
export function createPolloFake(options: PolloFakeOptions = {}): FakeProvider {
  const timing = options.timing ?? DEFAULT_FAKE_TIMING;
  const now = options.now ?? Date.now;
  const disabled = new Set(options.disabledModels ?? ["sora/sora-2", "sora/sora-2-pro"]);
  const signer = createOutputSigner(options.outputTtlMs ?? DEFAULT_OUTPUT_TTL_MS);
  const tasks = new Map<string, FakeTask>();
  const createTimes: number[] = [];
  let credits = options.credits ?? DEFAULT_CREDITS;
  const faults = createFakeFaults();
  const callbacks = createFakeCallbacks(polloScheme, {
    now,
    initial: { secret: options.webhookSecret ?? POLLO_FAKE_WEBHOOK_SECRET },
  });

  const failure = (status: number, code: string, message: string, data?: unknown) =>
    polloFailure(options.errorsWithHttp200 ? 200 : status, code, message, data);

  const edge: MiddlewareHandler = async (_c, next) => (options.cloudflareChallenge ? cloudflareChallenge() : next());

  const auth: MiddlewareHandler = async (c, next) => {
    const key = c.req.header("x-api-key")?.trim() ?? "";
    if (key === "" || (options.apiKey !== undefined && key !== options.apiKey)) {
      // unverified: the exact wording; the code is what clients saw.
      return failure(401, "UNAUTHORIZED", "Invalid or missing API key");
    }
    return next();
  };

  /** The task's one generation as Pollo shows it at `nowMs`. */
  function generationOf(task: FakeTask, nowMs: number, origin: string) {
    const { phase } = fakePhase(task.createdAtMs, nowMs, timing);
    const doneAtMs = task.createdAtMs + timing.queuedMs + timing.renderMs;
    const base = { id: task.generationId, mediaType: "video", createdDate: isoSeconds(task.createdAtMs) };
    const at = (ms: number) => ({ updatedDate: isoSeconds(ms) });
    if (phase === "queued") return { ...base, status: "waiting", failMsg: "", url: "", ...at(task.createdAtMs) };
    // Input moderation: the task fails as soon as it leaves the queue.
    if (task.prompt.includes(POLLO_FAKE_PROMPTS.blocked)) {
      return { ...base, status: "failed", failMsg: FAKE_MODERATION_MESSAGE, url: "", ...at(nowMs) };
    }
    if (phase === "running") return { ...base, status: "processing", failMsg: "", url: "", ...at(nowMs) };
    if (task.prompt.includes(POLLO_FAKE_PROMPTS.failure)) {
      return { ...base, status: "failed", failMsg: FAKE_FAILURE_MESSAGE, url: "", ...at(doneAtMs) };
    }
    task.outputToken ??= signer.token(task.taskId, nowMs);
    const url = `${origin}/cdn/${task.taskId}/${task.generationId}.mp4?token=${task.outputToken}`;
    return { ...base, status: "succeed", failMsg: "", url, ...at(doneAtMs) };
  }

  /** The task's one callback, to `url` when it ends: Pollo's callback tells only how it ended. */
  function callbackOf(task: FakeTask, url: string): FakeCallbackTask {
    const blocked = task.prompt.includes(POLLO_FAKE_PROMPTS.blocked);
    const status = blocked || task.prompt.includes(POLLO_FAKE_PROMPTS.failure) ? "failed" : "succeed";
    // Input moderation ends a task as it leaves the queue; the others end after rendering.
    const atMs = task.createdAtMs + timing.queuedMs + (blocked ? 0 : timing.renderMs);
    const body = JSON.stringify({ taskId: task.taskId, status });
    const render = () => ({ status, body });
    return { taskId: task.taskId, createdAtMs: task.createdAtMs, url, events: [{ atMs, terminal: true, render }] };
  }

  function limitProblem(nowMs: number): Response | null {
    while (createTimes.length > 0 && (createTimes[0] ?? 0) <= nowMs - 60_000) createTimes.shift();
    if (options.createsPerMinute !== undefined && createTimes.length >= options.createsPerMinute) {
      return failure(429, "RATE_LIMIT_EXCEEDED", "Rate limit exceeded, please try again later");
    }
    const running = [...tasks.values()].filter((task) => fakePhase(task.createdAtMs, nowMs, timing).phase !== "done");
    if (options.parallelTaskLimit !== undefined && running.length >= options.parallelTaskLimit) {
      return failure(429, "PARALLEL_TASK_LIMIT_REACHED", "Parallel task limit reached");
    }
    return null;
  }

  async function create(c: Context): Promise<Response> {
    const route = FAKE_ROUTES[c.req.path.replace(/\/+$/, "")];
    // unverified: Pollo's answer for an unknown model route.
    if (route === undefined) return failure(404, "NOT_FOUND", "Model not found");
    if (disabled.has(route.model)) return failure(403, "FORBIDDEN", "This model is not enabled for API access");
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text()) as unknown;
    } catch {
      return failure(400, "BAD_REQUEST", "Invalid JSON body");
    }
    const parsed = createBodySchema(route).safeParse(body);
    if (!parsed.success) {
      // The constructed shape of pollo.md §8; the `code` value is a guess.
      const issues = parsed.error.issues.map((issue) => ({ ...issue, path: issue.path.map(String) }));
      return failure(400, "BAD_REQUEST", "Invalid input", { issues });
    }
    const nowMs = now();
    const limited = limitProblem(nowMs);
    if (limited !== null) return limited;
    const input = acceptedInput(route, parsed.data.input as Record<string, unknown>);
    const credit = (CREDITS_PER_SECOND[route.model] ?? 20) * input.durationSeconds;
    if (input.prompt.includes(POLLO_FAKE_PROMPTS.noCredits) || credit > credits) {
      return failure(403, "FORBIDDEN", "Not enough credits");
    }
    credits -= credit;
    createTimes.push(nowMs);
    const taskId = `cm${randomBytes(11).toString("hex")}`;
    const task: FakeTask = {
      ...input,
      taskId,
      generationId: `gen_${randomBytes(6).toString("hex")}`,
      model: route.model,
      createdAtMs: nowMs,
      credit,
    };
    tasks.set(taskId, task);
    if (parsed.data.webhookUrl !== undefined) callbacks.track(callbackOf(task, parsed.data.webhookUrl));
    return polloSuccess({ taskId, status: "waiting" });
  }

  function taskStatus(c: Context): Response {
    const task = tasks.get(c.req.param("taskId") ?? "");
    // unverified: Pollo's answer for an unknown task.
    if (task === undefined) return failure(404, "NOT_FOUND", "Task not found");
    const generation = generationOf(task, now(), new URL(c.req.url).origin);
    const credit = generation.status === "failed" ? 0 : task.credit;
    return polloSuccess({ taskId: task.taskId, credit, generations: [generation] });
  }

  const app = new Hono();
  app.use("*", faults.middleware);
  app.route("/", faults.admin);
  app.route("/", callbacks.admin);

  // The CDN: public, no key; the token stands in for the 14-day retention.
  app.get("/cdn/:taskId/:file", async (c) => {
    const taskId = c.req.param("taskId");
    const task = tasks.get(taskId);
    const nowMs = now();
    if (task === undefined || !signer.verify(c.req.query("token"), taskId, nowMs)) return outputGone();
    if (generationOf(task, nowMs, "").status !== "succeed") return outputGone();
    const { width, height } = outputSize(task.aspectRatio, task.resolution);
    const video = await fakeVideo(width, height, task.durationSeconds);
    return c.body(new Uint8Array(video), 200, { "content-type": "video/mp4" });
  });

  for (const prefix of ["/generation/*", "/v1/*", "/credit/*"]) {
    app.use(prefix, edge);
    app.use(prefix, auth);
  }
  app.get("/credit/balance", () =>
    polloSuccess({ availableCredits: credits, totalCredits: options.credits ?? DEFAULT_CREDITS }),
  );
  app.get("/generation/:taskId/status", taskStatus);
  // unverified: the v1 status path (third-party mention only).
  app.get("/v1/generation/:taskId/status", taskStatus);
  app.post("/generation/*", (c) => create(c));
  app.post("/v1/generation/*", (c) => create(c));
  app.notFound(() => polloFailure(404, "NOT_FOUND", "Not found"));

  return { app, faults, callbacks, close: callbacks.close };
}
