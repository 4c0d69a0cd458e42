/**
 * A faithful fake of Runway's API (shared/providers/runway.md §10): the same paths, headers,
 * validation, status codes and bodies, tasks that progress over time, and expiring output URLs
 * that serve a real MP4. Good enough that Runway's official SDK takes it for the real thing.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { Hono, type Context, type MiddlewareHandler } from "hono";
import type { z } from "zod";
import { createFakeFaults } from "../shared/fake-faults.ts";
import {
  DEFAULT_FAKE_TIMING,
  fakePhase,
  fakeVideo,
  type FakeOptions,
  type FakeProvider,
} from "../shared/fake-server.ts";
import { RUNWAY_API_VERSION } from "./api.ts";
import { promptImageProblem } from "./fake-assets.ts";
import { accessDenied, createRunwayOutputs, DEFAULT_OUTPUT_TTL_MS, FAKE_CDN_PREFIX } from "./fake-outputs.ts";
import {
  creditsOf,
  durationOf,
  imageToVideoBodySchema,
  promptImageUris,
  textToVideoBodySchema,
  type FakeCreateBody,
} from "./fake-schemas.ts";

export interface RunwayFakeOptions extends FakeOptions {
  /** Every task first reads `THROTTLED` this long (an organisation at its concurrency limit). Default 0. */
  throttledMs?: number;
  /** After a DELETE of an unfinished task, GET reads `CANCELLED` this long, then 404. Default 0. */
  cancelledVisibleMs?: number;
}

/** Prompt fragments that script a task's end. */
export const RUNWAY_FAKE_PROMPTS = {
  /** Input moderation: FAILED with `SAFETY.INPUT.TEXT` as soon as the task leaves the queue. */
  inputBlocked: "blocked-content",
  /** Output moderation: FAILED with `SAFETY.OUTPUT.VIDEO` after rendering. */
  outputBlocked: "blocked-output",
  /** FAILED with `INTERNAL.BAD_OUTPUT.CODE01` after rendering. */
  internalFailure: "fail-internal",
} as const;

const DOC_URL = "https://docs.dev.runwayml.com/api";
/** The organisation's starting credits. unverified: any real account's figure, like the tier below. */
const FAKE_CREDIT_BALANCE = 10_000;
const FAKE_TIER = {
  maxMonthlyCreditSpend: 100_000,
  models: Object.fromEntries(
    ["gen4_turbo", "gen4.5", "veo3", "veo3.1", "veo3.1_fast"].map((model) => [
      model,
      { maxConcurrentGenerations: 2, maxDailyGenerations: 50 },
    ]),
  ),
};
// unverified: Runway's body limit; it must take two 5 MB data URIs (veo3.1 first and last frame).
const BODY_LIMIT_BYTES = 16 * 1024 * 1024;

interface FakeTask {
  id: string;
  createdAtMs: number;
  model: string;
  ratio: string;
  durationSeconds: number;
  promptText: string;
  credits: number;
  /** Set by DELETE of an unfinished task. */
  cancelledAtMs: number | null;
}

/** Runway answers JSON from Express behind AWS API Gateway; the headers say so. */
function runwayJson(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "x-powered-by": "Express",
      "apigw-requestid": randomBytes(12).toString("base64").replace(/[+/]/g, "A"),
    },
  });
}

const runwayError = (status: number, error: string) => runwayJson({ error }, status);

async function readJsonBody(c: Context): Promise<{ body: unknown } | { response: Response }> {
  if (Number(c.req.header("content-length") ?? 0) > BODY_LIMIT_BYTES) {
    return { response: runwayError(413, "request entity too large") };
  }
  // Like Express's JSON parser: another content type leaves the body empty, so validation fails.
  if (!(c.req.header("content-type") ?? "").toLowerCase().includes("application/json")) return { body: undefined };
  const text = await c.req.text();
  if (text.length > BODY_LIMIT_BYTES) return { response: runwayError(413, "request entity too large") };
  try {
    return { body: JSON.parse(text) as unknown };
  } catch {
    // unverified: the wording of Runway's answer to malformed JSON.
    return { response: runwayError(400, "Request body is not valid JSON.") };
  }
}

/** Runway's fake: serve `app` with `serveFake`; script faults through `faults`. */
export function createRunwayFake(options: RunwayFakeOptions = {}): FakeProvider {
  const timing = options.timing ?? DEFAULT_FAKE_TIMING;
  const now = options.now ?? Date.now;
  const throttledMs = options.throttledMs ?? 0;
  const cancelledVisibleMs = options.cancelledVisibleMs ?? 0;
  const signer = createRunwayOutputs(options.outputTtlMs ?? DEFAULT_OUTPUT_TTL_MS);
  const tasks = new Map<string, FakeTask>();
  /** Every task created, kept when a task is deleted: its credits stay spent. */
  const charges: Array<Pick<FakeTask, "model" | "credits" | "createdAtMs">> = [];
  const faults = createFakeFaults();
  const app = new Hono();

  // Both headers on every API call; unverified: which is checked first and the exact messages.
  const requireHeaders: MiddlewareHandler = async (c, next) => {
    const authorization = c.req.header("authorization") ?? "";
    const key = /^Bearer (.+)$/i.exec(authorization)?.[1]?.trim() ?? "";
    if (key === "" || (options.apiKey !== undefined && key !== options.apiKey)) {
      return runwayError(401, "Unauthorized: a valid API key must be passed as a Bearer token.");
    }
    const version = c.req.header("x-runway-version");
    if (version === undefined || version === "") {
      return runwayError(400, "You must provide an API version in the X-Runway-Version header.");
    }
    if (version !== RUNWAY_API_VERSION) {
      return runwayError(400, `Unsupported API version "${version}". Use X-Runway-Version: ${RUNWAY_API_VERSION}.`);
    }
    await next();
  };

  /** The task as Runway shows it at `nowMs`; null once it is gone. Output URLs are signed afresh. */
  function statusOf(task: FakeTask, nowMs: number, origin: string): Record<string, unknown> | null {
    const base = { id: task.id, createdAt: new Date(task.createdAtMs).toISOString() };
    const estimatedCost = { credits: task.credits };
    if (task.cancelledAtMs !== null) {
      // unverified: whether a cancelled task is charged; the fake reports nothing charged.
      return nowMs - task.cancelledAtMs < cancelledVisibleMs
        ? { ...base, status: "CANCELLED", cost: { credits: 0 } }
        : null;
    }
    if (nowMs - task.createdAtMs < throttledMs) return { ...base, status: "THROTTLED", estimatedCost };
    const { phase, progress } = fakePhase(task.createdAtMs + throttledMs, nowMs, timing);
    if (phase === "queued") return { ...base, status: "PENDING", estimatedCost };
    const failed = (failure: string, failureCode: string, credits: number) => ({
      ...base,
      status: "FAILED",
      failure,
      failureCode,
      cost: { credits },
    });
    // Moderated generations are billed like successful ones (runway.md §5).
    if (task.promptText.includes(RUNWAY_FAKE_PROMPTS.inputBlocked)) {
      return failed("Your prompt was flagged by our content moderation system.", "SAFETY.INPUT.TEXT", task.credits);
    }
    if (phase === "running") {
      return { ...base, status: "RUNNING", progress: Math.floor(progress * 100) / 100, estimatedCost };
    }
    if (task.promptText.includes(RUNWAY_FAKE_PROMPTS.outputBlocked)) {
      // unverified: the third segment of output moderation codes.
      return failed("The output was flagged by our content moderation system.", "SAFETY.OUTPUT.VIDEO", task.credits);
    }
    if (task.promptText.includes(RUNWAY_FAKE_PROMPTS.internalFailure)) {
      return failed("An unexpected error occurred.", "INTERNAL.BAD_OUTPUT.CODE01", 0);
    }
    return {
      ...base,
      status: "SUCCEEDED",
      output: [signer.url(origin, task.id, nowMs)],
      cost: { credits: task.credits },
    };
  }

  async function create(c: Context, schema: z.ZodType<FakeCreateBody>): Promise<Response> {
    const read = await readJsonBody(c);
    if ("response" in read) return read.response;
    const parsed = schema.safeParse(read.body);
    if (!parsed.success) {
      return runwayJson({ error: "Validation of body failed", issues: parsed.error.issues, docUrl: DOC_URL }, 400);
    }
    const body = parsed.data;
    for (const uri of promptImageUris(body)) {
      const problem = await promptImageProblem(uri);
      // unverified: how Runway words the field in asset errors ("naming promptImage plus a reason").
      if (problem !== null) return runwayError(400, `promptImage: ${problem}`);
    }
    const task: FakeTask = {
      id: randomUUID(),
      createdAtMs: now(),
      model: body.model,
      ratio: body.ratio,
      durationSeconds: durationOf(body),
      promptText: body.promptText ?? "",
      credits: creditsOf(body),
      cancelledAtMs: null,
    };
    tasks.set(task.id, task);
    charges.push({ model: task.model, credits: task.credits, createdAtMs: task.createdAtMs });
    return runwayJson({ id: task.id, estimatedCost: { credits: task.credits } });
  }

  app.use("*", faults.middleware);
  app.route("/", faults.admin);

  // The CDN: no Runway headers, only the signed `_jwt` query.
  app.get(`${FAKE_CDN_PREFIX}/:taskId/video.mp4`, async (c) => {
    const taskId = c.req.param("taskId");
    if (!signer.verify(c.req.query("_jwt"), taskId, now())) return accessDenied();
    const task = tasks.get(taskId);
    if (task === undefined || task.cancelledAtMs !== null) {
      return new Response("<Error><Code>NoSuchKey</Code></Error>", {
        status: 404,
        headers: { "content-type": "application/xml" },
      });
    }
    const [width = 1280, height = 720] = task.ratio.split(":").map(Number);
    const video = await fakeVideo(width, height, task.durationSeconds);
    return new Response(new Uint8Array(video), {
      headers: { "content-type": "video/mp4", "content-length": String(video.byteLength) },
    });
  });

  app.use("/v1/*", requireHeaders);
  app.post("/v1/text_to_video", (c) => create(c, textToVideoBodySchema));
  app.post("/v1/image_to_video", (c) => create(c, imageToVideoBodySchema));
  // Runway's SDK reads this as `organization.retrieve()` (4.20.x); runway.md does not list it.
  app.get("/v1/organization", () => {
    const nowMs = now();
    const daily = new Map<string, number>();
    for (const charge of charges.filter((entry) => nowMs - entry.createdAtMs < 86_400_000)) {
      daily.set(charge.model, (daily.get(charge.model) ?? 0) + 1);
    }
    const spent = charges.reduce((sum, charge) => sum + charge.credits, 0);
    return runwayJson({
      creditBalance: Math.max(0, FAKE_CREDIT_BALANCE - spent),
      tier: FAKE_TIER,
      usage: { models: Object.fromEntries([...daily].map(([model, count]) => [model, { dailyGenerations: count }])) },
    });
  });

  app.get("/v1/tasks/:id", (c) => {
    const id = c.req.param("id");
    const task = tasks.get(id);
    const nowMs = now();
    const view = task === undefined ? null : statusOf(task, nowMs, new URL(c.req.url).origin);
    if (view === null) {
      tasks.delete(id);
      // unverified: the wording of Runway's 404.
      return runwayError(404, "Task not found.");
    }
    return runwayJson(view);
  });

  app.delete("/v1/tasks/:id", (c) => {
    const id = c.req.param("id");
    const task = tasks.get(id);
    const nowMs = now();
    const view = task === undefined ? null : statusOf(task, nowMs, new URL(c.req.url).origin);
    if (task === undefined || view === null) {
      tasks.delete(id);
      return runwayError(404, "Task not found.");
    }
    // Unfinished tasks are cancelled (briefly readable as CANCELLED); finished ones are deleted.
    const unfinished = ["THROTTLED", "PENDING", "RUNNING"].includes(String(view.status));
    if (unfinished && cancelledVisibleMs > 0) task.cancelledAtMs = nowMs;
    else tasks.delete(id);
    // unverified: 204 (Runway's SDK sends `Accept: */*` and expects no body).
    return new Response(null, { status: 204, headers: { "x-powered-by": "Express" } });
  });

  const methodNotAllowed = () => runwayError(405, "Method not allowed.");
  app.all("/v1/text_to_video", methodNotAllowed);
  app.all("/v1/image_to_video", methodNotAllowed);
  app.all("/v1/tasks/:id", methodNotAllowed);
  app.all("/v1/organization", methodNotAllowed);
  app.notFound(() => runwayError(404, "Not found."));

  return { app, faults };
}
