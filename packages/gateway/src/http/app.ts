import { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Logger } from "pino";
import { errorResponse, handleError, validationHook } from "./errors.ts";
import { registerHealthRoutes, type HealthRouteDependencies } from "./routes/health-routes.ts";
import { registerJobRoutes, type JobRouteDependencies } from "./routes/job-routes.ts";
import { registerModelRoutes, type ModelRouteDependencies } from "./routes/model-routes.ts";

export interface AppDependencies extends JobRouteDependencies, ModelRouteDependencies, HealthRouteDependencies {
  logger: Logger;
  maxBodyBytes: number;
  version: string;
}

/** Requests with a body must say it is JSON; anything else is refused before it is read. */
const requireJsonBody: MiddlewareHandler = async (c, next) => {
  if (c.req.method !== "POST" || c.req.path.endsWith("/cancel")) return next();
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

/** The HTTP front door: native API, model catalog, health, and the OpenAPI document. */
export function createApp(deps: AppDependencies): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.onError(handleError(deps.logger));
  app.notFound((c) => errorResponse(c, "not_found", `No route for ${c.req.method} ${c.req.path}.`));
  app.use(
    "*",
    bodyLimit({
      maxSize: deps.maxBodyBytes,
      onError: (c) =>
        errorResponse(c, "payload_too_large", `The request body is larger than ${deps.maxBodyBytes} bytes.`),
    }),
  );
  app.use("/api/*", requireJsonBody);

  registerHealthRoutes(app, deps);
  registerModelRoutes(app, deps);
  registerJobRoutes(app, deps);

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Reelay", version: deps.version, description: "Self-hostable gateway for AI video generation" },
  });
  return app;
}
