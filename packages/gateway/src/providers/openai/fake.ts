import { randomBytes } from "node:crypto";
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { standardWebhookScheme } from "../shared/fake-callback-schemes.ts";
import { createFakeCallbacks, type FakeCallbackTarget } from "../shared/fake-callbacks.ts";
import { createFakeFaults } from "../shared/fake-faults.ts";
import { DEFAULT_FAKE_TIMING, fakePhase, type FakeOptions, type FakeProvider } from "../shared/fake-server.ts";
import { CONTENT_VARIANTS, type ContentVariant, type VideoStatus } from "./api.ts";
import { fakeAsset, VARIANT_MEDIA_TYPES } from "./fake-assets.ts";
import { readBodyFields } from "./fake-body.ts";
import { acceptCreate, acceptRemix, FAKE_MODEL_SIZES } from "./fake-create.ts";
import { FakeRequestError, openAiError } from "./fake-errors.ts";
import { videoWebhook } from "./fake-webhook.ts";

/*
 * A fake of OpenAI's `/v1/videos` (shared/providers/openai-sora.md §10): both create encodings,
 * OpenAI's validation and error envelope, progress over time, list pagination, content with
 * expiry, delete and remix, and Standard Webhooks events to the dashboard-configured URL. Faults
 * (429 with `Retry-After`, hangs, …) come from `faults`.
 */

export interface OpenAiFakeOptions extends FakeOptions {
  /**
   * Models answered with 404 `model_not_found`, the "retired" switch: the real API is gone since
   * 2026-09-24 and what it answers now is unverified, so this is configurable.
   */
  retiredModels?: string[];
  /** The project webhook's URL and `whsec_…` secret; also set with `POST /__fake/callbacks`. */
  callbacks?: FakeCallbackTarget;
}

/** A prompt containing this ends `failed` with a moderation error. */
export const FAKE_BLOCKED_PROMPT = "blocked-content";
/** unverified: a third party's capture; OpenAI documents no `error.code` values. */
export const FAKE_MODERATION_CODE = "moderation_blocked";

/** OpenAI's documented 1-hour asset lifetime (`expires_at = completed_at + 3600`). */
const DEFAULT_OUTPUT_TTL_MS = 3_600_000;
const DEFAULT_LIST_LIMIT = 20; // unverified
const DEFAULT_LIST_ORDER = "desc"; // unverified

interface StoredVideo {
  id: string;
  model: string;
  prompt: string;
  size: string;
  seconds: string;
  createdAtMs: number;
  remixedFrom: string | null;
  blocked: boolean;
}

/** The `video` object with every field present, nullable ones as `null` (quirk 3). */
interface VideoObject {
  id: string;
  object: "video";
  model: string;
  status: VideoStatus;
  progress: number;
  created_at: number;
  completed_at: number | null;
  expires_at: number | null;
  prompt: string;
  size: string;
  seconds: string;
  remixed_from_video_id: string | null;
  error: { code: string; message: string } | null;
}

const seconds = (ms: number): number => Math.floor(ms / 1000);

/** The OpenAI fake as a Hono app; serve it with `serveFake` and use `${url}/v1` as base URL. */
export function createOpenAiFake(options: OpenAiFakeOptions = {}): FakeProvider {
  const timing = options.timing ?? DEFAULT_FAKE_TIMING;
  const outputTtlMs = options.outputTtlMs ?? DEFAULT_OUTPUT_TTL_MS;
  const now = options.now ?? Date.now;
  const retiredModels = new Set(options.retiredModels ?? []);
  // Suggested poll delay for unfinished videos, scaled to the fake's own timing.
  const pollAfterMs = String(Math.max(100, Math.round((timing.queuedMs + timing.renderMs) / 4)));
  const videos = new Map<string, StoredVideo>();
  const faults = createFakeFaults();
  const callbacks = createFakeCallbacks(standardWebhookScheme, { now, initial: options.callbacks });

  function videoState(video: StoredVideo, nowMs: number): VideoObject & { finishedAtMs: number } {
    const { phase, progress } = fakePhase(video.createdAtMs, nowMs, timing);
    const finishedAtMs = video.createdAtMs + timing.queuedMs + timing.renderMs;
    const base = {
      id: video.id,
      object: "video" as const,
      model: video.model,
      created_at: seconds(video.createdAtMs),
      prompt: video.prompt,
      size: video.size,
      seconds: video.seconds,
      remixed_from_video_id: video.remixedFrom,
      finishedAtMs,
    };
    const unfinished = { completed_at: null, expires_at: null, error: null };
    if (phase === "queued") return { ...base, ...unfinished, status: "queued", progress: 0 };
    if (phase === "running") {
      // An integer, below 100 until the video is really there.
      return { ...base, ...unfinished, status: "in_progress", progress: Math.min(99, Math.floor(progress * 100)) };
    }
    if (video.blocked) {
      const error = { code: FAKE_MODERATION_CODE, message: "Your request was blocked by our moderation system." };
      return { ...base, ...unfinished, status: "failed", progress: 0, error };
    }
    return {
      ...base,
      status: "completed",
      progress: 100,
      completed_at: seconds(finishedAtMs),
      expires_at: seconds(finishedAtMs + outputTtlMs),
      error: null,
    };
  }

  /** The video answer, with a poll hint while it is unfinished (optional in the reference). */
  function videoResponse(c: Context, video: StoredVideo): Response {
    const { finishedAtMs: _finishedAtMs, ...body } = videoState(video, now());
    if (body.status === "queued" || body.status === "in_progress") c.header("openai-poll-after-ms", pollAfterMs);
    return c.json(body);
  }

  function find(id: string): StoredVideo {
    const video = videos.get(id);
    // unverified wording for an unknown video.
    if (video === undefined) throw new FakeRequestError(404, `Video '${id}' not found.`);
    return video;
  }

  function store(fields: Omit<StoredVideo, "id" | "createdAtMs" | "blocked">): StoredVideo {
    const video: StoredVideo = {
      ...fields,
      id: `video_${randomBytes(24).toString("hex")}`,
      createdAtMs: now(),
      blocked: fields.prompt.includes(FAKE_BLOCKED_PROMPT),
    };
    videos.set(video.id, video);
    callbacks.track(videoWebhook(video, video.createdAtMs + timing.queuedMs + timing.renderMs));
    return video;
  }

  const requestId: MiddlewareHandler = async (c, next) => {
    await next();
    c.res.headers.set("x-request-id", `req_${randomBytes(16).toString("hex")}`);
  };

  const auth: MiddlewareHandler = async (c, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
    if (match === null) {
      return openAiError(
        401,
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from https://platform.openai.com/account/api-keys.",
      );
    }
    if (options.apiKey !== undefined && match[1] !== options.apiKey) {
      // OpenAI echoes a masked key here; the fake echoes none, so no piece of a key reaches a log.
      return openAiError(
        401,
        "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
        { code: "invalid_api_key" },
      );
    }
    return next();
  };

  const app = new Hono();
  app.use("*", requestId);
  app.use("*", faults.middleware);
  app.route("/", faults.admin);
  app.route("/", callbacks.admin);
  app.use("/v1/*", auth);
  app.onError((error) => {
    if (error instanceof FakeRequestError) return error.response;
    return openAiError(500, `The server had an error while processing your request: ${error.message}`, {
      type: "server_error",
    });
  });
  // OpenAI's answer to an unknown path, which the SDK's generated tests expect as NotFoundError.
  app.notFound((c) => openAiError(404, `Invalid URL (${c.req.method} ${c.req.path})`));

  // The models the key may use, in OpenAI's list shape; retired ones are gone, as on the real API.
  app.get("/v1/models", (c) => {
    const ids = Object.keys(FAKE_MODEL_SIZES).filter((id) => !retiredModels.has(id));
    const created = seconds(Date.UTC(2025, 9, 6));
    return c.json({ object: "list", data: ids.map((id) => ({ id, object: "model", created, owned_by: "system" })) });
  });

  app.post("/v1/videos", async (c) => {
    const accepted = await acceptCreate(await readBodyFields(c.req.raw), retiredModels);
    const { reference: _reference, ...fields } = accepted;
    return videoResponse(c, store({ ...fields, remixedFrom: null }));
  });

  app.get("/v1/videos", (c) => {
    const limitText = c.req.query("limit") ?? String(DEFAULT_LIST_LIMIT);
    const limit = /^\d+$/.test(limitText) ? Number(limitText) : Number.NaN;
    if (!(limit >= 0 && limit <= 100)) {
      throw new FakeRequestError(400, `Invalid 'limit': expected an integer between 0 and 100, got '${limitText}'.`, {
        param: "limit",
        code: "invalid_value",
      });
    }
    const order = c.req.query("order") ?? DEFAULT_LIST_ORDER;
    if (order !== "asc" && order !== "desc") {
      throw new FakeRequestError(400, `Invalid value: '${order}'. Supported values are: 'asc' and 'desc'.`, {
        param: "order",
        code: "invalid_value",
      });
    }
    const ordered = [...videos.values()];
    if (order === "desc") ordered.reverse();
    const after = c.req.query("after");
    const start = after === undefined ? 0 : ordered.findIndex((video) => video.id === after) + 1;
    // unverified: OpenAI's answer to a cursor it does not know.
    if (start === 0 && after !== undefined) {
      throw new FakeRequestError(400, `Invalid 'after': no video with id '${after}'.`, { param: "after" });
    }
    const nowMs = now();
    const page = ordered.slice(start, start + limit).map((video) => {
      const { finishedAtMs: _finishedAtMs, ...body } = videoState(video, nowMs);
      return body;
    });
    // Terminates: the last page says `has_more: false`, and ids never repeat (quirk 6).
    return c.json({
      object: "list",
      data: page,
      first_id: page[0]?.id ?? null,
      last_id: page.at(-1)?.id ?? null,
      has_more: start + page.length < ordered.length,
    });
  });

  app.get("/v1/videos/:id", (c) => videoResponse(c, find(c.req.param("id"))));

  app.get("/v1/videos/:id/content", async (c) => {
    const video = find(c.req.param("id"));
    const variant = c.req.query("variant") ?? "video";
    if (!(CONTENT_VARIANTS as readonly string[]).includes(variant)) {
      throw new FakeRequestError(
        400,
        `Invalid value: '${variant}'. Supported values are: 'video', 'thumbnail', and 'spritesheet'.`,
        {
          param: "variant",
          code: "invalid_value",
        },
      );
    }
    const nowMs = now();
    const state = videoState(video, nowMs);
    if (state.status === "queued" || state.status === "in_progress") {
      // Third-party capture: the message starts "Video is not ready yet" (the rest unverified).
      throw new FakeRequestError(404, `Video is not ready yet, use GET /v1/videos/${video.id} to check status.`);
    }
    // unverified: what a failed or expired video's content answers.
    if (state.status === "failed") throw new FakeRequestError(404, `Video '${video.id}' failed and has no content.`);
    if (nowMs >= state.finishedAtMs + outputTtlMs) {
      throw new FakeRequestError(404, `Video '${video.id}' has expired and its content is no longer available.`);
    }
    const bytes = await fakeAsset(variant as ContentVariant, video.size, video.seconds);
    return c.body(new Uint8Array(bytes), 200, {
      "content-type": VARIANT_MEDIA_TYPES[variant as ContentVariant],
      "content-length": String(bytes.byteLength),
    });
  });

  app.delete("/v1/videos/:id", (c) => {
    const video = find(c.req.param("id"));
    const { status } = videoState(video, now());
    if (status !== "completed" && status !== "failed") {
      // unverified: deleting an unfinished video is undocumented; the spec says "completed or failed".
      throw new FakeRequestError(
        400,
        `Video '${video.id}' is ${status}; only completed or failed videos can be deleted.`,
        {
          param: "video_id",
        },
      );
    }
    videos.delete(video.id);
    return c.json({ id: video.id, object: "video.deleted", deleted: true });
  });

  app.post("/v1/videos/:id/remix", async (c) => {
    const source = find(c.req.param("id"));
    const { prompt } = acceptRemix(await readBodyFields(c.req.raw));
    const { status } = videoState(source, now());
    if (status !== "completed") {
      // unverified wording; the reference says the source must be completed.
      throw new FakeRequestError(400, `Video '${source.id}' is ${status}; only completed videos can be remixed.`, {
        param: "video_id",
      });
    }
    const { model, size, seconds: length } = source;
    return videoResponse(c, store({ model, prompt, size, seconds: length, remixedFrom: source.id }));
  });

  return { app, faults, callbacks, close: callbacks.close };
}
