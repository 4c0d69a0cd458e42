import { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import type { Logger } from "pino";
import { errorResponse, handleError, validationHook } from "./errors.ts";
import { requestLog, requestLogger } from "./request-log.ts";
import { registerEventRoutes, type EventRouteDependencies } from "./routes/event-routes.ts";
import { registerHealthRoutes, type HealthRouteDependencies } from "./routes/health-routes.ts";
import { registerJobRoutes, type JobRouteDependencies } from "./routes/job-routes.ts";
import { registerMediaRoutes, type MediaRouteDependencies } from "./routes/media-routes.ts";
import { registerModelRoutes, type ModelRouteDependencies } from "./routes/model-routes.ts";
import { registerUploadRoutes, type UploadRouteDependencies } from "./routes/upload-routes.ts";
import { registerWebhookRoutes, type WebhookRouteDependencies } from "../webhooks/webhook-routes.ts";
import { registerPresetRoutes, type PresetRouteDependencies } from "../presets/preset-routes.ts";
import { registerCallbackRoutes, type CallbackRouteDependencies } from "../callbacks/callback-routes.ts";
import { openAiErrorResponse, payloadTooLarge, toOpenAiError } from "../openai-compat/openai-error.ts";
import type { Access } from "../tenants/access.ts";
import { registerUsageRoutes, type UsageRouteDependencies } from "../tenants/usage-routes.ts";
import {
  OPENAI_COMPAT_PREFIX,
  registerOpenAiCompatRoutes,
  type OpenAiCompatDependencies,
} from "../openai-compat/video-routes.ts";
import { registerWebRoutes, type WebRouteDependencies } from "../web/web-routes.tsx";
import { registerMetricsRoutes, type MetricsRouteDependencies } from "../observability/metrics-routes.ts";
import { registerTimelineRoutes, type TimelineRouteDependencies } from "../observability/timeline-routes.ts";

export interface AppDependencies
  extends
    JobRouteDependencies,
    EventRouteDependencies,
    ModelRouteDependencies,
    HealthRouteDependencies,
    UploadRouteDependencies,
    MediaRouteDependencies,
    WebhookRouteDependencies,
    PresetRouteDependencies,
    CallbackRouteDependencies,
    OpenAiCompatDependencies,
    UsageRouteDependencies,
    WebRouteDependencies,
    MetricsRouteDependencies,
    TimelineRouteDependencies {
  logger: Logger;
  /** Largest body of routes without images. */
  maxBodyBytes: number;
  /** Largest image; uploads and job bodies with data URIs get room for it. */
  maxUploadBytes: number;
  version: string;
  /** Origins allowed to call the API from a browser page; `*` for any; empty for none. */
  corsOrigins: string[];
  /** API keys and rate limits in front of the native and the OpenAI-compatible API. */
  access: Access;
}

/**
 * Lets the configured origins call the API from browsers, sending the headers the client SDK
 * sends and reading the ones it acts on (retry hints, replayed creates, media ranges).
 */
function corsFor(origins: string[]): MiddlewareHandler {
  return cors({
    origin: origins.includes("*") ? "*" : origins,
    allowMethods: ["GET", "POST", "DELETE"],
    allowHeaders: ["authorization", "content-type", "idempotency-key", "last-event-id", "range", "x-request-id"],
    exposeHeaders: [
      "retry-after",
      "x-should-retry",
      "idempotent-replayed",
      "location",
      "content-range",
      "content-length",
      "etag",
      "reelay-sandbox",
      "x-request-id",
    ],
    maxAge: 600,
  });
}

/** Routes that may carry images get room for them; everything else keeps the small limit. */
function bodyLimitFor(path: string, deps: AppDependencies): number {
  if (path === "/api/v1/uploads") return deps.maxUploadBytes + 1024 * 1024;
  // A job may carry two images as base64 data URIs (4/3 of their size each).
  if (path === "/api/v1/jobs" || path === "/api/v1/validate")
    return Math.ceil((deps.maxUploadBytes * 8) / 3) + deps.maxBodyBytes;
  // An OpenAI create carries one image: a multipart file part, or a data URL in JSON (4/3 of it).
  if (path === `${OPENAI_COMPAT_PREFIX}/videos`) return Math.ceil((deps.maxUploadBytes * 4) / 3) + deps.maxBodyBytes;
  return deps.maxBodyBytes;
}

/**
 * Every answer: no sniffing, no framing, no referrer. Other origins may still embed videos (no
 * Cross-Origin-Resource-Policy), as CORS lets their pages call the API.
 */
const securityHeaders = secureHeaders({
  xFrameOptions: "DENY",
  referrerPolicy: "no-referrer",
  crossOriginResourcePolicy: false,
  crossOriginOpenerPolicy: "same-origin",
});

/**
 * Reelay's pages may run only Reelay's own script files (no inline scripts or styles) and reach
 * only Reelay; images and videos may also be the page's blob and data URLs (previews of picked
 * files); no other site may frame them.
 */
const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Gives every HTML answer the pages' Content-Security-Policy. */
const pagePolicy: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.res.headers.get("content-type")?.startsWith("text/html")) {
    c.res.headers.set("Content-Security-Policy", PAGE_POLICY);
  }
};

/** Bodiless actions: POSTs that carry nothing to check. */
const BODILESS_ACTION = /\/(cancel|retry)$/;

/** Requests with a body must say it is JSON; anything else is refused before it is read. */
const requireJsonBody: MiddlewareHandler = async (c, next) => {
  if (c.req.method !== "POST" || BODILESS_ACTION.test(c.req.path) || c.req.path === "/api/v1/uploads") return next();
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type)) {
    return errorResponse(
      c,
      "unsupported_media_type",
      `Send the body as JSON with Content-Type: application/json (got ${type === "" ? "no Content-Type" : JSON.stringify(type)}).`,
    );
  }
  return next();
};

/** The HTTP front door: native API, OpenAI-compatible API, model catalog, health, OpenAPI document and web UI. */
export function createApp(deps: AppDependencies): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.onError(handleError(deps.logger));
  app.use("*", requestLog(deps.logger, deps.access.knownTenant), securityHeaders, pagePolicy);
  app.notFound((c) => errorResponse(c, "not_found", `No route for ${c.req.method} ${c.req.path}.`));
  // One limiter per size, made once; each request gets the one for its route.
  const limiters = new Map<number, MiddlewareHandler>();
  app.use("*", (c, next) => {
    const maxSize = bodyLimitFor(c.req.path, deps);
    let limiter = limiters.get(maxSize);
    if (limiter === undefined) {
      limiter = bodyLimit({
        maxSize,
        onError: (limited) =>
          limited.req.path.startsWith(`${OPENAI_COMPAT_PREFIX}/`)
            ? openAiErrorResponse(limited, payloadTooLarge(maxSize))
            : errorResponse(limited, "payload_too_large", `The request body is larger than ${maxSize} bytes.`),
      });
      limiters.set(maxSize, limiter);
    }
    return limiter(c, next);
  });
  if (deps.corsOrigins.length > 0) app.use("/api/*", corsFor(deps.corsOrigins));
  app.use(
    "/api/*",
    deps.access.guard((c, error, headers) => {
      for (const [name, value] of Object.entries(headers)) c.header(name, value);
      return errorResponse(c, error.code, error.message);
    }),
  );
  app.use(
    `${OPENAI_COMPAT_PREFIX}/*`,
    deps.access.guard((c, error, headers) => {
      for (const [name, value] of Object.entries(headers)) c.header(name, value);
      return openAiErrorResponse(c, toOpenAiError(error, requestLogger(c.req.raw, deps.logger), c.req.path));
    }),
  );
  app.use("/api/*", requireJsonBody);
  if (deps.sandbox) {
    // Every answer says that remote providers are simulated, so no client can mistake it.
    app.use("*", async (c, next) => {
      await next();
      c.header("Reelay-Sandbox", "true");
    });
  }

  registerHealthRoutes(app, deps);
  registerModelRoutes(app, deps);
  registerJobRoutes(app, deps);
  registerTimelineRoutes(app, deps);
  registerEventRoutes(app, deps);
  registerUploadRoutes(app, deps);
  registerMediaRoutes(app, deps);
  registerWebhookRoutes(app, deps);
  registerPresetRoutes(app, deps);
  registerCallbackRoutes(app, deps);
  registerUsageRoutes(app, deps);
  registerMetricsRoutes(app, deps);
  registerOpenAiCompatRoutes(app, deps);
  registerWebRoutes(app, deps);

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Reelay", version: deps.version, description: "Self-hostable gateway for AI video generation" },
  });
  return app;
}
