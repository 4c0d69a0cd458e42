import type { OpenAPIHono } from "@hono/zod-openapi";
import { errorResponse } from "../http/errors.ts";
import type { GatewayMetrics } from "./gateway-metrics.ts";
import type { MetricsVerdict } from "./metrics-access.ts";

export interface MetricsRouteDependencies {
  metrics: GatewayMetrics;
  /** Who may scrape (see `createMetricsAccess`). */
  metricsAccess(authorization: string | undefined): MetricsVerdict;
}

/** `GET /metrics`: Prometheus' text format, outside the tenants' API and its keys. */
export function registerMetricsRoutes(app: OpenAPIHono, deps: MetricsRouteDependencies): void {
  app.get("/metrics", async (c) => {
    const verdict = deps.metricsAccess(c.req.header("authorization"));
    if (!verdict.allowed) {
      if (verdict.status === 401) c.header("WWW-Authenticate", 'Bearer realm="reelay-metrics"');
      return errorResponse(c, verdict.status === 401 ? "unauthorized" : "forbidden", verdict.message);
    }
    return c.body(await deps.metrics.scrape(), 200, { "content-type": deps.metrics.contentType });
  });
}
