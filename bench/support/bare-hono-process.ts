/**
 * The baseline of the API-overhead bench: the same two routes on a bare Hono app over
 * @hono/node-server, with jobs in a Map. No validation, no database, no auth: the floor.
 */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { serveProbe } from "./child-probe.ts";

const jobs = new Map<string, Record<string, unknown>>();
const app = new Hono();
app.post("/api/v1/jobs", async (c) => {
  const request = (await c.req.json()) as Record<string, unknown>;
  const job = { id: `job_${randomUUID()}`, status: "queued", request, createdAt: new Date().toISOString() };
  jobs.set(job.id, job);
  return c.json(job, 202);
});
app.get("/api/v1/jobs/:id", (c) => {
  const job = jobs.get(c.req.param("id"));
  return job === undefined ? c.json({ error: { code: "not_found" } }, 404) : c.json(job);
});

const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info: AddressInfo) => {
  serveProbe({ url: `http://127.0.0.1:${info.port}` }, async () => {
    server.close();
  });
});
