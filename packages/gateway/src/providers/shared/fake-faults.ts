import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";

/** What a scripted fault does to a matching request. */
const faultSchema = z.discriminatedUnion("type", [
  /** Answer with this status (and body/headers) instead of the real handler. */
  z.object({
    type: z.literal("status"),
    status: z.number().int().min(400).max(599),
    body: z.unknown().optional(),
    headers: z.record(z.string(), z.string()).optional(),
  }),
  /** Never answer (the client's timeout fires). */
  z.object({ type: z.literal("hang") }),
  /** Answer 200 with a body that is not JSON. */
  z.object({ type: z.literal("malformed") }),
  /** Run the real handler (the provider acts on it), then drop the answer: a lost response. */
  z.object({ type: z.literal("lose_response") }),
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
}

/**
 * Fault injection and request recording shared by every fake. Tests script faults through
 * `POST /__fake/faults` (or `inject` in-process) and read what was sent from `GET /__fake/requests`.
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
