import { OpenAPIHono } from "@hono/zod-openapi";
import { errorResponse } from "../http/errors.ts";
import { registerMetricsRoutes, type MetricsRouteDependencies } from "./metrics-routes.ts";

/** The metrics-only listener of `REELAY_METRICS_PORT`: `/metrics` and nothing else. */
export function createMetricsApp(deps: MetricsRouteDependencies): OpenAPIHono {
  const app = new OpenAPIHono();
  app.notFound((c) => errorResponse(c, "not_found", `This port serves only GET /metrics, not ${c.req.path}.`));
  registerMetricsRoutes(app, deps);
  return app;
}
