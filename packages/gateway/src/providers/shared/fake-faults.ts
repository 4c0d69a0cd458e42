import { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";

/** What a scripted fault does to a matching request. */
const faultSchema = z.discriminatedUnion("type", [
  /**
   * Answer with this status (and body/headers) instead of the real handler. A 2xx scripts an
   * answer the fake would never give by itself, e.g. a success without an output.
   */
  z.object({
    type: z.literal("status"),
    status: z.number().int().min(200).max(599),
    body: z.unknown().optional(),
    headers: z.record(z.string(), z.string()).optional(),
  }),
  /** Never answer (the client's timeout fires). */
  z.object({ type: z.literal("hang") }),
  /** Answer 200 with a body that is not JSON. */
  z.object({ type: z.literal("malformed") }),
  /** Run the real handler (the provider acts on it), then drop the answer: a lost response. */
  z.object({ type: z.literal("lose_response") }),
  /**
   * Reset the connection (TCP RST) without an answer; the real handler does not run. The client
   * cannot tell whether the provider acted on the request.
   */
  z.object({ type: z.literal("reset") }),
  /** Wait `delayMs`, then run the real handler: a slow provider. */
  z.object({ type: z.literal("slow"), delayMs: z.number().int().min(0).max(600_000) }),
  /**
   * Run the real handler, send its status and headers (with the full `content-length`) and only
   * the first `afterBytes` bytes of its body, then close the connection: a body cut short.
   */
  z.object({ type: z.literal("truncate"), afterBytes: z.number().int().min(0) }),
  /**
   * Like `truncate`, but the connection is reset after the first `afterBytes` bytes: a download
   * (or any answer) that breaks mid-way.
   */
  z.object({ type: z.literal("reset_mid_body"), afterBytes: z.number().int().min(0) }),
]);

export const faultRuleSchema = z.object({
  /** Only requests with this method; any when absent. */
  method: z.string().optional(),
  /** Only requests whose path contains this text. */
  pathIncludes: z.string().default(""),
  /** How many matching requests get the fault. */
  times: z.number().int().min(1).default(1),
  fault: faultSchema,
});

export type FaultRule = z.infer<typeof faultRuleSchema>;

/** One request a fake received, for tests that assert what an adapter or SDK sent. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** When it arrived (epoch milliseconds), for tests that check how retries were spaced. */
  receivedAtMs: number;
}

/**
 * The client's socket when the fake is served over HTTP: `@hono/node-server` hands the raw Node
 * request to the app as `c.env.incoming`. Null in-process (`app.request`), where there is none.
 */
function socketOf(env: unknown): Socket | null {
  if (typeof env !== "object" || env === null || !("incoming" in env)) return null;
  const { incoming } = env;
  return incoming instanceof IncomingMessage ? incoming.socket : null;
}

/** How long cut answers wait after their last bytes before the connection goes, so those bytes arrive. */
const FLUSH_MS = 50;

/**
 * A body of `part` whose connection then closes (`close`) or is reset (`reset`). Without a socket
 * the body fails after `part` instead, which is what reading a cut connection looks like.
 */
function cutBody(part: Uint8Array, socket: Socket | null, ending: "close" | "reset"): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (part.byteLength > 0) controller.enqueue(part);
    },
    async pull(controller) {
      await delay(FLUSH_MS);
      if (socket === null) {
        controller.error(new Error("The fake cut the connection."));
        return;
      }
      // Ended from the socket, not by erroring this stream: @hono/node-server would answer a
      // stream error with an error text of its own. The closed socket cancels this stream.
      if (socket.destroyed) return;
      const closed = new Promise((resolve) => socket.once("close", resolve));
      if (ending === "reset") socket.resetAndDestroy();
      else socket.destroySoon();
      await closed;
    },
  });
}

/**
 * Fault injection and request recording shared by every fake. Tests script faults through
 * `POST /__fake/faults` (or `inject` in-process) and read what was sent from `GET /__fake/requests`.
 *
 * Faults that break the connection (`reset`, `truncate`, `reset_mid_body`) act on the real socket,
 * so they need the fake served over HTTP (`serveFake`); in-process the answer's body fails instead.
 */
export function createFakeFaults(): {
  middleware: MiddlewareHandler;
  admin: Hono;
  inject(rule: Partial<FaultRule> & Pick<FaultRule, "fault">): void;
  requests: RecordedRequest[];
} {
  const rules: FaultRule[] = [];
  const requests: RecordedRequest[] = [];

  const middleware: MiddlewareHandler = async (c, next) => {
    if (c.req.path.startsWith("/__fake/")) return next();
    requests.push({
      method: c.req.method,
      path: new URL(c.req.url).pathname + new URL(c.req.url).search,
      headers: Object.fromEntries(c.req.raw.headers),
      body: await c.req.raw.clone().text(),
      receivedAtMs: Date.now(),
    });
    const rule = rules.find(
      (candidate) =>
        (candidate.method === undefined || candidate.method.toUpperCase() === c.req.method) &&
        c.req.path.includes(candidate.pathIncludes),
    );
    if (rule === undefined) return next();
    rule.times -= 1;
    if (rule.times <= 0) rules.splice(rules.indexOf(rule), 1);
    const { fault } = rule;
    switch (fault.type) {
      case "status": {
        const body = typeof fault.body === "string" ? fault.body : JSON.stringify(fault.body ?? {});
        return new Response(body, {
          status: fault.status,
          headers: { "content-type": "application/json", ...fault.headers },
        });
      }
      case "hang":
        return new Promise<Response>(() => undefined);
      case "malformed":
        return new Response("{ this is not json", { status: 200, headers: { "content-type": "application/json" } });
      case "lose_response":
        await next();
        return new Promise<Response>(() => undefined);
      case "reset": {
        const socket = socketOf(c.env);
        if (socket === null) return new Response(cutBody(new Uint8Array(), null, "reset"));
        socket.resetAndDestroy();
        // Nothing may be written after the reset, so the answer never comes.
        return new Promise<Response>(() => undefined);
      }
      case "slow":
        await delay(fault.delayMs);
        return next();
      case "truncate":
      case "reset_mid_body": {
        await next();
        const answer = c.res;
        const bytes = new Uint8Array(await answer.arrayBuffer());
        const headers = new Headers(answer.headers);
        headers.set("content-length", String(bytes.byteLength));
        const part = bytes.subarray(0, Math.min(fault.afterBytes, bytes.byteLength));
        const ending = fault.type === "truncate" ? "close" : "reset";
        // Assigned, not returned: Hono keeps the handler's answer when middleware returns after `next`.
        c.res = new Response(cutBody(part, socketOf(c.env), ending), { status: answer.status, headers });
        return;
      }
    }
  };

  const admin = new Hono();
  admin.post("/__fake/faults", async (c) => {
    const parsed = faultRuleSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: parsed.error.issues }, 400);
    rules.push(parsed.data);
    return c.json({ queued: rules.length }, 201);
  });
  admin.delete("/__fake/faults", (c) => {
    rules.length = 0;
    return c.body(null, 204);
  });
  admin.get("/__fake/requests", (c) => c.json(requests));

  return {
    middleware,
    admin,
    inject: (rule) => rules.push(faultRuleSchema.parse(rule)),
    requests,
  };
}
