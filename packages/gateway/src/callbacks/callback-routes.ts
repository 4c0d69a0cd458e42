import type { OpenAPIHono } from "@hono/zod-openapi";
import type { CallbackReceiver } from "./callback-receiver.ts";

export interface CallbackRouteDependencies {
  callbacks: CallbackReceiver;
}

/**
 * `POST /callbacks/:provider`: where providers report that a task changed. Authenticated by the
 * provider's signature, not by Reelay's API keys. Answers `ok` (PixVerse requires exactly that).
 */
export function registerCallbackRoutes(app: OpenAPIHono, deps: CallbackRouteDependencies): void {
  app.post("/callbacks/:provider", async (c) => {
    await deps.callbacks.receive({
      provider: c.req.param("provider"),
      method: c.req.method,
      headers: c.req.raw.headers,
      body: new Uint8Array(await c.req.arrayBuffer()),
    });
    return c.text("ok", 200);
  });
}
