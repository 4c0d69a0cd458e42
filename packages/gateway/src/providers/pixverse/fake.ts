/**
 * A faithful fake of PixVerse's platform API (shared/providers/pixverse.md §10): the same paths
 * under `/openapi/v2`, `API-KEY` and `Ai-trace-id` on every call, the `{ErrCode, ErrMsg, Resp}`
 * envelope with HTTP 200 for business errors, trace-id replay of creates, integer ids, numeric
 * statuses over time, expiring output URLs that serve a real MP4, and signed webhooks to the
 * dashboard-configured URL when a generation ends.
 */
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { pixverseScheme } from "../shared/fake-callback-schemes.ts";
import { createFakeCallbacks, type FakeCallbackTarget } from "../shared/fake-callbacks.ts";
import { createFakeFaults } from "../shared/fake-faults.ts";
import { createOutputSigner } from "../shared/fake-output-signer.ts";
import {
  DEFAULT_FAKE_TIMING,
  fakePhase,
  fakeVideo,
  type FakeOptions,
  type FakeProvider,
} from "../shared/fake-server.ts";
import { PIXVERSE_STATUS } from "./api.ts";
import { PIXVERSE_ERROR_CODES } from "./envelope.ts";
import { checkGenerateBody, type AcceptedBody, type FakeMode } from "./fake-rules.ts";
import { readUpload, type UploadedImage } from "./fake-upload.ts";

export interface PixverseFakeOptions extends FakeOptions {
  /** The 2025 edition's rules (see `checkGenerateBody`) and a 4000 px upload limit. Default false. */
  strict?: boolean;
  /** Generations running at once before a create answers `ErrCode 500044`. Default unlimited. */
  maxConcurrent?: number;
  /** The webhook URL and secret of PixVerse's dashboard; also set with `POST /__fake/callbacks`. */
  callbacks?: FakeCallbackTarget;
}

/** A PixVerse fake, with a look at how many generations it holds (for no-double-billing tests). */
export interface PixverseFake extends FakeProvider {
  taskCount(): number;
}

/** The fake's API lives where PixVerse's does; adapters use `${url}${PIXVERSE_FAKE_BASE_PATH}`. */
export const PIXVERSE_FAKE_BASE_PATH = "/openapi/v2";

/** Prompt fragments that script a generation's end. */
export const PIXVERSE_FAKE_PROMPTS = {
  /** Status 7 (content moderation failed) once rendered. */
  blocked: "blocked-content",
  /** Status 8 (generation failed) once rendered. */
  failed: "fail-generation",
  /** The create answers insufficient balance; nothing is created. */
  noCredits: "no-credits",
  /** The create answers the concurrency limit, `ErrCode 500044`. */
  busy: "concurrency-limit",
} as const;

// unverified: PixVerse's client code treats 10001–10005 as auth errors; which one means what is unknown.
export const FAKE_INVALID_KEY_CODE = 10005;
// unverified: PixVerse's output URL lifetime is undocumented.
const DEFAULT_OUTPUT_TTL_MS = 24 * 3_600_000;
// unverified: PixVerse's prices; only for the webhook's `credits`.
const CREDITS_PER_SECOND = 9;
const SHORT_SIDE: Record<string, number> = { "360p": 360, "540p": 540, "720p": 720, "1080p": 1080 };

interface FakeTask {
  id: string;
  createdAtMs: number;
  body: AcceptedBody;
  width: number;
  height: number;
  /** The create's `Ai-trace-id`, sent back with the webhook. */
  traceId: string;
  /** The origin the create came to, for the output URL in the webhook. */
  origin: string;
}

const envelope = (c: Context, errCode: number, errMsg: string, resp: unknown = null, reason?: string) => {
  if (reason !== undefined) c.header("x-fake-reason", reason);
  return c.json({ ErrCode: errCode, ErrMsg: errMsg, Resp: resp });
};
const ok = (c: Context, resp: unknown) => envelope(c, 0, "success", resp);
const invalidParam = (c: Context, reason: string) =>
  envelope(c, PIXVERSE_ERROR_CODES.invalidParam, "invalid param", null, reason);

/** Output size: the quality is the short side, the shape from the aspect ratio or the image. */
function outputSize(quality: string, shape: { width: number; height: number }): { width: number; height: number } {
  const short = SHORT_SIDE[quality] ?? 720;
  const even = (value: number) => Math.max(2, Math.round(value / 2) * 2);
  const ratio = shape.width / shape.height;
  return ratio >= 1 ? { width: even(short * ratio), height: short } : { width: short, height: even(short / ratio) };
}

const timestamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " "); // unverified: UTC

/** PixVerse's fake: serve `app` with `serveFake`; script faults through `faults`. */
export function createPixverseFake(options: PixverseFakeOptions = {}): PixverseFake {
  const timing = options.timing ?? DEFAULT_FAKE_TIMING;
  const now = options.now ?? Date.now;
  const strict = options.strict ?? false;
  const signer = createOutputSigner(options.outputTtlMs ?? DEFAULT_OUTPUT_TTL_MS);
  const tasks = new Map<string, FakeTask>();
  const images = new Map<string, UploadedImage>();
  /** Successful create and upload answers by trace id, replayed verbatim when the id repeats. */
  const replays = new Map<string, unknown>();
  let nextVideoId = 334_719_258;
  let nextImageId = 38_292_417;
  const faults = createFakeFaults();
  const callbacks = createFakeCallbacks(pixverseScheme, { now, initial: options.callbacks });
  const app = new Hono();

  const requireHeaders: MiddlewareHandler = async (c, next) => {
    const key = c.req.header("api-key")?.trim() ?? "";
    if (key === "" || (options.apiKey !== undefined && key !== options.apiKey)) {
      return envelope(c, FAKE_INVALID_KEY_CODE, "API key is invalid"); // unverified wording
    }
    // unverified: the code for a missing trace id; 400011 is "empty parameter".
    if ((c.req.header("ai-trace-id")?.trim() ?? "") === "") {
      return envelope(c, PIXVERSE_ERROR_CODES.emptyParameter, "empty parameter", null, "Ai-trace-id");
    }
    await next();
  };

  /** Runs `handler` once per trace id; a repeat gets the first successful answer again. */
  async function once(c: Context, handler: () => Promise<{ resp: unknown } | Response>): Promise<Response> {
    const traceId = c.req.header("ai-trace-id") ?? "";
    if (replays.has(traceId)) return ok(c, replays.get(traceId));
    const result = await handler();
    if (result instanceof Response) return result;
    replays.set(traceId, result.resp);
    return ok(c, result.resp);
  }

  const running = (nowMs: number) =>
    [...tasks.values()].filter((task) => fakePhase(task.createdAtMs, nowMs, timing).phase !== "done").length;

  async function generate(c: Context, mode: FakeMode): Promise<Response> {
    return once(c, async () => {
      if (!(c.req.header("content-type") ?? "").includes("application/json")) return invalidParam(c, "not JSON");
      const checked = checkGenerateBody(await c.req.json().catch(() => undefined), mode, strict);
      if (!checked.ok) return invalidParam(c, checked.reason);
      const body = checked.body;
      const uploaded = body.imageIds.map((id) => images.get(id));
      const first = uploaded[0];
      if (uploaded.some((image) => image === undefined)) return invalidParam(c, "unknown image id");
      if (body.prompt.includes(PIXVERSE_FAKE_PROMPTS.noCredits)) {
        // unverified: code and wording of PixVerse's insufficient-balance answer.
        return envelope(c, PIXVERSE_ERROR_CODES.insufficientBalance, "Insufficient balance, please recharge");
      }
      const nowMs = now();
      if (body.prompt.includes(PIXVERSE_FAKE_PROMPTS.busy) || running(nowMs) >= (options.maxConcurrent ?? Infinity)) {
        // unverified: a third party's code and wording.
        return envelope(c, PIXVERSE_ERROR_CODES.concurrencyLimit, "concurrent generation limit reached");
      }
      const [aw = 16, ah = 9] = (body.aspectRatio ?? "").split(":").map(Number);
      const size = outputSize(body.quality, first ?? { width: aw, height: ah });
      const id = String(nextVideoId++);
      const task: FakeTask = {
        id,
        createdAtMs: nowMs,
        body,
        ...size,
        traceId: c.req.header("ai-trace-id") ?? "",
        origin: new URL(c.req.url).origin,
      };
      tasks.set(id, task);
      trackWebhook(task);
      return { resp: { video_id: Number(id) } };
    });
  }

  /** The result as PixVerse shows it at `nowMs`; output URLs are signed afresh on each read. */
  function resultOf(task: FakeTask, nowMs: number, origin: string): Record<string, unknown> {
    const { phase } = fakePhase(task.createdAtMs, nowMs, timing);
    const done = phase === "done";
    const { prompt } = task.body;
    let status: number = PIXVERSE_STATUS.generating;
    if (done && prompt.includes(PIXVERSE_FAKE_PROMPTS.blocked)) status = PIXVERSE_STATUS.moderated;
    else if (done && prompt.includes(PIXVERSE_FAKE_PROMPTS.failed)) status = PIXVERSE_STATUS.failed;
    else if (done) status = PIXVERSE_STATUS.succeeded;
    const succeeded = status === PIXVERSE_STATUS.succeeded;
    const finishedAtMs = task.createdAtMs + timing.queuedMs + timing.renderMs;
    return {
      id: Number(task.id),
      status,
      url: succeeded ? `${origin}/media/openapi/${task.id}.mp4?auth_key=${signer.token(task.id, nowMs)}` : "",
      prompt,
      negative_prompt: task.body.negativePrompt,
      seed: task.body.seed,
      style: task.body.style,
      resolution_ratio: SHORT_SIDE[task.body.quality] ?? 0,
      outputWidth: succeeded ? task.width : 0,
      outputHeight: succeeded ? task.height : 0,
      // unverified: the real size; a plausible figure, not the fake MP4's.
      size: succeeded ? task.body.duration * 1_250_000 : 0,
      has_audio: succeeded && task.body.audio,
      create_time: timestamp(task.createdAtMs),
      modify_time: timestamp(done ? finishedAtMs : task.createdAtMs),
    };
  }

  /** The generation's webhook when it ends: the result's fields, `id` a string and `size` in MB. */
  function trackWebhook(task: FakeTask): void {
    const atMs = task.createdAtMs + timing.queuedMs + timing.renderMs;
    const render = () => {
      const result = resultOf(task, atMs, task.origin);
      const body = {
        id: task.id,
        status: result.status,
        url: result.url,
        size: (result.size as number) / 1_000_000,
        has_audio: result.has_audio,
        credits: task.body.duration * CREDITS_PER_SECOND,
      };
      return { status: String(result.status), body: JSON.stringify(body) };
    };
    callbacks.track({
      taskId: task.id,
      createdAtMs: task.createdAtMs,
      headers: { "Ai-Trace-Id": task.traceId },
      events: [{ atMs, terminal: true, render }],
    });
  }

  app.use("*", faults.middleware);
  app.route("/", faults.admin);
  app.route("/", callbacks.admin);

  // The CDN (media.pixverse.ai): no PixVerse headers, only the fake's signed `auth_key`.
  app.get("/media/openapi/:file", async (c) => {
    const id = /^(\d+)\.mp4$/.exec(c.req.param("file"))?.[1] ?? "";
    const task = tasks.get(id);
    if (task === undefined) return c.text("Not Found", 404);
    // unverified: what an expired PixVerse output URL answers (403 as signed CDN URLs do).
    if (!signer.verify(c.req.query("auth_key"), id, now())) return c.text("Forbidden", 403);
    const video = await fakeVideo(task.width, task.height, task.body.duration);
    return new Response(new Uint8Array(video), {
      headers: { "content-type": "video/mp4", "content-length": String(video.byteLength) },
    });
  });

  const api = new Hono();
  api.use("*", requireHeaders);
  api.post("/image/upload", (c) =>
    once(c, async () => {
      const form = (await c.req.parseBody().catch(() => ({}))) as Record<string, unknown>;
      const read = await readUpload(form, strict);
      if (!read.ok) return invalidParam(c, read.reason);
      const id = String(nextImageId++);
      images.set(id, read.image);
      return { resp: { img_id: Number(id) } };
    }),
  );
  api.post("/video/text/generate", (c) => generate(c, "text"));
  api.post("/video/img/generate", (c) => generate(c, "image"));
  api.post("/video/transition/generate", (c) => generate(c, "transition"));
  api.get("/video/result/:id", (c) => {
    const task = tasks.get(c.req.param("id"));
    // unverified: PixVerse's answer for an unknown video id.
    if (task === undefined) return invalidParam(c, "unknown video id");
    return ok(c, resultOf(task, now(), new URL(c.req.url).origin));
  });
  // unverified: the fake's figures; the shape is the documented one.
  api.get("/account/balance", (c) => ok(c, { account_id: 0, credit_monthly: 1_000_000, credit_package: 0 }));
  app.route(PIXVERSE_FAKE_BASE_PATH, api);
  app.notFound((c) => c.json({ ErrCode: 404, ErrMsg: "not found", Resp: null }, 404)); // unverified

  return { app, faults, callbacks, close: callbacks.close, taskCount: () => tasks.size };
}
