import type { MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import { createId } from "../core/ids.ts";

/** A caller's own request id is kept when it is this plain; anything else gets one of ours. */
const CALLER_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Each request's logger, with its id on every line. */
const loggers = new WeakMap<Request, Logger>();

/** The logger of `request`, or `fallback` for a request the logging middleware did not see. */
export function requestLogger(request: Request, fallback: Logger): Logger {
  return loggers.get(request) ?? fallback;
}

/**
 * Gives every request an id (the caller's `X-Request-Id` when it is a plain token), sends it back
 * in `X-Request-Id`, and logs one line per answer with method, path, status, time taken and the
 * tenant. Paths are logged without their query, which may carry media signatures.
 */
export function requestLog(logger: Logger, knownTenant: (request: Request) => string | null): MiddlewareHandler {
  return async (c, next) => {
    const offered = c.req.header("x-request-id");
    const requestId = offered !== undefined && CALLER_REQUEST_ID.test(offered) ? offered : createId("req", Date.now());
    const log = logger.child({ requestId });
    loggers.set(c.req.raw, log);
    const startedMs = performance.now();
    try {
      await next();
    } finally {
      c.header("X-Request-Id", requestId);
      const line = {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round(performance.now() - startedMs),
        tenantId: knownTenant(c.req.raw) ?? undefined,
      };
      if (c.res.status >= 500) log.warn(line, "request failed");
      else log.info(line, "request");
    }
  };
}
