import { Hono } from "hono";
import type { InboundCallback } from "../../provider.ts";
import { serveFake } from "../fake-server.ts";

/** A scripted answer of the receiver. */
export interface ReceiverAnswer {
  status: number;
  body?: string;
}

export interface CallbackReceiver {
  /** Its base URL on 127.0.0.1; any path is accepted. */
  url: string;
  /** Every callback that arrived, as the gateway would hand it to `parseCallback`. */
  received: InboundCallback[];
  /** Resolves once `count` callbacks arrived; fails after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<InboundCallback[]>;
  close(): Promise<void>;
}

/**
 * A real HTTP endpoint standing in for the gateway's callback route: it records every POST and
 * answers the scripted `answers` in turn, then 200 `ok` (which every provider takes as acknowledged).
 */
export async function startCallbackReceiver(answers: ReceiverAnswer[] = []): Promise<CallbackReceiver> {
  const received: InboundCallback[] = [];
  const app = new Hono();
  app.post("*", async (c) => {
    received.push({
      method: c.req.method,
      url: new URL(c.req.url),
      headers: new Headers(c.req.raw.headers),
      body: new Uint8Array(await c.req.arrayBuffer()),
    });
    const answer = answers.shift() ?? { status: 200, body: "ok" };
    return c.body(answer.body ?? "", answer.status as 200);
  });
  const served = await serveFake(app);
  return {
    url: served.url,
    received,
    async waitFor(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline)
          throw new Error(`${received.length} of ${count} callbacks arrived in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return received.slice(0, count);
    },
    close: served.close,
  };
}
