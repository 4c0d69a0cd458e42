import type { OpenAPIHono } from "@hono/zod-openapi";

export interface HealthRouteDependencies {
  /** Remote providers are simulated by fakes. */
  sandbox: boolean;
  /** Null when ready, or why not (database unreachable, …). */
  notReadyReason(): Promise<string | null>;
}

export function registerHealthRoutes(app: OpenAPIHono, deps: HealthRouteDependencies): void {
  app.get("/healthz", (c) => c.json({ status: "ok", sandbox: deps.sandbox }));
  app.get("/readyz", async (c) => {
    const reason = await deps.notReadyReason();
    return reason === null ? c.json({ status: "ready" }) : c.json({ status: "not_ready", reason }, 503);
  });
}
