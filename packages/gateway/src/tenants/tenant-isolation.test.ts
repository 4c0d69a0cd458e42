import { readFile } from "node:fs/promises";
import path from "node:path";
import type { JobList, JobView, UsageReport, WebhookDeliveryList } from "@reelay/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEventStream, type ReceivedEvent } from "../test-support/read-events.ts";
import { eventually, startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../webhooks/test-support/webhook-receiver.ts";
import { createTestApiKey } from "./test-support/test-api-key.ts";
import {
  jsonOf,
  leakedIn,
  seedTenant,
  tenantCaller,
  type Answer,
  type SeededTenant,
  type TenantCaller,
} from "./test-support/tenant-caller.ts";

/*
 * Acceptance: tenant A cannot read, list, cancel, download, subscribe to or delete anything of
 * tenant B through any surface. Beta owns one of everything (a finished job with a video and a
 * webhook delivery, a running and a queued job, an upload, a style, a category and a preset);
 * alpha tries every route on each of them, and every answer alpha gets is searched for beta's ids
 * and for a text only beta's things carry.
 */

/** Text only tenant beta's things carry (prompts, names, metadata): any answer to alpha holding it is a leak. */
const MARKER = "beta-secret-lighthouse";

const SHORT = { model: "local/preview", durationSeconds: 2, resolution: "360p" };

interface Beta extends SeededTenant {
  /** Left running (a long render), and queued behind it: beta may run one job at a time. */
  runningJobId: string;
  queuedJobId: string;
  deliveryId: string;
}

/** An id shaped like `id` that nothing has: the answer about it is what "does not exist" looks like. */
const absentLike = (id: string) => `${id.slice(0, -6)}000000`;

interface ListPage {
  data: Array<{ id: string }>;
}
const idsOf = (answer: Answer) => jsonOf<ListPage>(answer, 200).data.map((entry) => entry.id);

describe("tenant isolation", () => {
  let gateway: TestGateway;
  let receiver: WebhookReceiver;
  let alpha: TenantCaller;
  let beta: TenantCaller;
  let alphaToken: string;
  let betaToken: string;
  let betaThings: Beta;
  let alphaJobId: string;
  const alphaAnswers: Answer[] = [];
  /** Jobs beta made in the tests themselves. */
  const betaExtraJobIds: string[] = [];

  /** Every id of beta's: none may reach alpha but as an echo of what alpha itself sent. */
  const betaIds = () => [
    betaThings.jobId,
    betaThings.runningJobId,
    betaThings.queuedJobId,
    betaThings.uploadId,
    betaThings.deliveryId,
    betaThings.styleId,
    betaThings.categoryId,
    betaThings.presetId,
    ...betaExtraJobIds,
  ];

  const jobOf = async (call: TenantCaller, id: string) => jsonOf<JobView>(await call("GET", `/api/v1/jobs/${id}`), 200);

  beforeAll(async () => {
    // Private URLs allowed: beta's webhook receiver listens on 127.0.0.1.
    // Two renders at once: alpha's jobs need not wait for beta's long one.
    gateway = await startTestGateway({ REELAY_ALLOW_PRIVATE_URLS: "true", REELAY_LOCAL_RENDER_CONCURRENCY: "2" });
    receiver = await startWebhookReceiver(
      (await readFile(path.join(gateway.dataDir, "webhook-secret"), "utf8")).trim(),
    );
    alphaToken = await createTestApiKey(gateway.dataDir, "alpha");
    betaToken = await createTestApiKey(gateway.dataDir, "beta", { maxRunningJobs: 1 });
    alpha = tenantCaller(gateway.url, alphaToken, { record: (answer) => alphaAnswers.push(answer) });
    beta = tenantCaller(gateway.url, betaToken);

    const seeded = await seedTenant(beta, { marker: MARKER, prefix: "beta", job: { webhookUrl: receiver.url } });
    const done = await eventually(
      async () => {
        const job = await jobOf(beta, seeded.jobId);
        return job.status === "queued" || job.status === "running" ? undefined : job;
      },
      30_000,
      "beta's first job",
    );
    expect(done.status).toBe("succeeded");
    const delivery = await eventually(
      async () =>
        jsonOf<WebhookDeliveryList>(
          await beta("GET", `/api/v1/webhooks/deliveries?jobId=${seeded.jobId}`),
          200,
        ).data.find((entry) => entry.status === "delivered"),
      15_000,
      "a delivered webhook of beta's job",
    );
    const create = async (body: Record<string, unknown>) =>
      jsonOf<JobView>(await beta("POST", "/api/v1/jobs", body), 202).id;
    const runningJobId = await create({
      ...SHORT,
      prompt: `${MARKER}, a long take`,
      durationSeconds: 12,
      resolution: "1080p",
    });
    const queuedJobId = await create({ ...SHORT, prompt: `${MARKER}, waiting its turn` });
    await eventually(
      async () => ((await jobOf(beta, runningJobId)).status === "queued" ? undefined : true),
      15_000,
      "beta's long job to start",
    );
    betaThings = { ...seeded, runningJobId, queuedJobId, deliveryId: delivery.id };
    alphaJobId = jsonOf<JobView>(
      await alpha("POST", "/api/v1/jobs", { ...SHORT, prompt: "alpha's own paper boat" }),
      202,
    ).id;
  }, 90_000);
  afterAll(async () => {
    await gateway?.dispose();
    await receiver?.close();
  });

  it("answers alpha about each of beta's things exactly as about a thing that does not exist", async () => {
    const { jobId, runningJobId, queuedJobId, uploadId, deliveryId, styleId, categoryId, presetId } = betaThings;
    // [method, path with {id}, beta's id, body]
    const probes: Array<[string, string, string, unknown?]> = [
      ...[jobId, runningJobId, queuedJobId].flatMap((id): Array<[string, string, string]> => [
        ["GET", "/api/v1/jobs/{id}", id],
        ["GET", "/api/v1/jobs/{id}/events", id],
        ["GET", "/api/v1/jobs/{id}/timeline", id],
        ["GET", "/v1/videos/{id}", id],
      ]),
      ["GET", "/api/v1/jobs/{id}/content", jobId],
      ["GET", "/api/v1/jobs/{id}/thumbnail", jobId],
      ["GET", "/v1/videos/{id}/content", jobId],
      ["GET", "/v1/videos/{id}/content?variant=thumbnail", jobId],
      ["POST", "/v1/videos/{id}/remix", jobId, { prompt: "the same, by alpha" }],
      ["POST", "/api/v1/jobs/{id}/cancel", runningJobId],
      ["POST", "/api/v1/jobs/{id}/cancel", queuedJobId],
      ["DELETE", "/api/v1/jobs/{id}", jobId],
      ["DELETE", "/api/v1/jobs/{id}", runningJobId],
      ["DELETE", "/v1/videos/{id}", queuedJobId],
      ["GET", "/api/v1/uploads/{id}", uploadId],
      ["DELETE", "/api/v1/uploads/{id}", uploadId],
      ["GET", "/api/v1/webhooks/deliveries/{id}", deliveryId],
      ["POST", "/api/v1/webhooks/deliveries/{id}/retry", deliveryId],
      ["GET", "/api/v1/styles/{id}", styleId],
      ["DELETE", "/api/v1/styles/{id}", styleId],
      ["GET", "/api/v1/categories/{id}", categoryId],
      ["DELETE", "/api/v1/categories/{id}", categoryId],
      ["GET", "/api/v1/presets/{id}", presetId],
      ["DELETE", "/api/v1/presets/{id}", presetId],
    ];
    for (const [method, template, id, body] of probes) {
      const what = `${method} ${template.replace("{id}", id)}`;
      const answer = await alpha(method, template.replace("{id}", id), body);
      expect(answer.status, what).toBe(404);
      const absent = absentLike(id);
      const nothing = await alpha(method, template.replace("{id}", absent), body);
      // Same answer, id aside: nothing tells alpha that beta's thing exists.
      expect(answer.body.replaceAll(id, "<id>"), what).toBe(nothing.body.replaceAll(absent, "<id>"));
    }
  });

  it("lists none of beta's things to alpha, whatever the filter", async () => {
    const betaCursor = jsonOf<JobList>(await beta("GET", "/api/v1/jobs?limit=1"), 200).nextCursor;
    expect(betaCursor).not.toBeNull();
    const jobLists = [
      "/api/v1/jobs?limit=100",
      `/api/v1/jobs?q=${MARKER}`,
      "/api/v1/jobs?q=harbour",
      `/api/v1/jobs?category=${betaThings.categoryId}`,
      "/api/v1/jobs?model=local/preview&limit=100",
      "/api/v1/jobs?status=succeeded",
      "/api/v1/jobs?status=running",
      "/api/v1/jobs?status=queued",
      `/api/v1/jobs?cursor=${betaCursor}`,
      "/v1/videos?limit=100",
      "/v1/videos?order=asc",
      `/v1/videos?after=${betaThings.jobId}&order=asc`,
      `/v1/videos?after=${betaThings.queuedJobId}`,
    ];
    const itemLists = ["/api/v1/styles", "/api/v1/categories", "/api/v1/presets"];
    const deliveryLists = [
      "/api/v1/webhooks/deliveries",
      "/api/v1/webhooks/deliveries?status=delivered",
      `/api/v1/webhooks/deliveries?jobId=${betaThings.jobId}`,
    ];
    for (const list of [...jobLists, ...itemLists, ...deliveryLists]) {
      const listed = idsOf(await alpha("GET", list));
      for (const id of betaIds()) expect(listed, list).not.toContain(id);
    }
    // The lists work: alpha's own job is in them, and the built-in items.
    expect(idsOf(await alpha("GET", "/api/v1/jobs"))).toEqual([alphaJobId]);
    expect(idsOf(await alpha("GET", "/v1/videos"))).toEqual([alphaJobId]);
    expect(idsOf(await alpha("GET", `/api/v1/jobs?q=${MARKER}`))).toEqual([]);
    expect(idsOf(await alpha("GET", "/api/v1/webhooks/deliveries"))).toEqual([]);
    expect(idsOf(await alpha("GET", "/api/v1/presets")).length).toBeGreaterThan(0);

    // Usage: alpha's one job, none of beta's spend or jobs.
    const usage = jsonOf<UsageReport>(await alpha("GET", "/api/v1/usage"), 200);
    expect(usage.tenant).toBe("alpha");
    expect(usage.periods.reduce((sum, period) => sum + period.jobs, 0)).toBeLessThanOrEqual(1);
    expect(usage.budget).toMatchObject({ spentUsd: 0, reservedUsd: 0 });
  });

  it("refuses alpha's creates that name beta's upload, preset, style or category, as if they did not exist", async () => {
    const { uploadId, presetId, styleId, categoryId } = betaThings;
    const before = idsOf(await alpha("GET", "/api/v1/jobs?limit=100"));
    const mine = { ...SHORT, prompt: "alpha borrows" };
    // [beta's id, a body naming it, the status of the create]
    const creates: Array<[string, (id: string) => Record<string, unknown>, number | null]> = [
      [uploadId, (id) => ({ ...mine, image: { uploadId: id } }), null],
      [uploadId, (id) => ({ ...mine, lastFrame: { uploadId: id } }), null],
      [presetId, (id) => ({ prompt: "alpha borrows", preset: id }), 422],
      [styleId, (id) => ({ ...mine, style: id }), 422],
      [categoryId, (id) => ({ ...mine, category: id }), 422],
    ];
    for (const [id, bodyOf, status] of creates) {
      const what = JSON.stringify(bodyOf(id));
      const absent = absentLike(id);
      for (const route of ["/api/v1/jobs", "/api/v1/validate"]) {
        const answer = await alpha("POST", route, bodyOf(id));
        const nothing = await alpha("POST", route, bodyOf(absent));
        expect(answer.body.replaceAll(id, "<id>"), `${route} ${what}`).toBe(nothing.body.replaceAll(absent, "<id>"));
        expect(answer.status, `${route} ${what}`).toBe(nothing.status);
        if (route === "/api/v1/validate") {
          // Checked and found wanting: a 200 saying invalid, or a refusal.
          if (answer.status === 200) expect(jsonOf<{ valid: boolean }>(answer, 200).valid, what).toBe(false);
          else expect(answer.status, what).toBeGreaterThanOrEqual(400);
        } else if (status === null) expect([404, 422], what).toContain(answer.status);
        else expect(answer.status, what).toBe(status);
      }
    }
    const openAiOf = (id: string) => ({
      model: "local/preview",
      prompt: "alpha borrows",
      input_reference: { file_id: id },
    });
    const openAi = await alpha("POST", "/v1/videos", openAiOf(uploadId));
    const openAiAbsent = await alpha("POST", "/v1/videos", openAiOf(absentLike(uploadId)));
    expect(openAi.status).toBeGreaterThanOrEqual(400);
    expect(openAi.status).toBeLessThan(500);
    expect(openAi.body.replaceAll(uploadId, "<id>")).toBe(openAiAbsent.body.replaceAll(absentLike(uploadId), "<id>"));
    expect(idsOf(await alpha("GET", "/api/v1/jobs?limit=100"))).toEqual(before);
  });

  it("streams alpha only alpha's events, live and replayed, while beta's jobs change", async () => {
    const headers = { authorization: `Bearer ${alphaToken}` };
    const live = await openEventStream(`${gateway.url}/api/v1/events`, headers);
    // Replayed from the very first event: every event alpha could ever get.
    const replay = await openEventStream(`${gateway.url}/api/v1/events?lastEventId=0`, headers);
    expect([live.response.status, replay.response.status]).toEqual([200, 200]);
    const collect = async (events: AsyncGenerator<ReceivedEvent>) => {
      const received: ReceivedEvent[] = [];
      for await (const event of events) received.push(event);
      return received;
    };
    const reading = Promise.all([collect(live.events), collect(replay.events)]);
    // Beta's long job goes on rendering meanwhile, its queued one waits, and beta starts another.
    const another = jsonOf<JobView>(
      await beta("POST", "/api/v1/jobs", { ...SHORT, prompt: `${MARKER} once more` }),
      202,
    );
    const mine = jsonOf<JobView>(await alpha("POST", "/api/v1/jobs", { ...SHORT, prompt: "alpha's second boat" }), 202);
    await eventually(
      async () => ((await jobOf(alpha, mine.id)).status === "succeeded" ? true : undefined),
      20_000,
      "alpha's second job",
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    live.close();
    replay.close();
    const [liveEvents, replayed] = await reading;
    const jobsIn = (events: ReceivedEvent[]) => new Set(events.map((event) => event.job.id));
    // The streams work: alpha's own jobs are in them, to the end.
    expect(jobsIn(liveEvents)).toContain(mine.id);
    for (const id of jobsIn(liveEvents)) expect([alphaJobId, mine.id]).toContain(id);
    expect(liveEvents.filter((event) => event.job.id === mine.id).at(-1)?.job.status).toBe("succeeded");
    expect(jobsIn(replayed)).toEqual(new Set([alphaJobId, mine.id]));
    for (const [events, name] of [
      [liveEvents, "live"],
      [replayed, "replay"],
    ] as const) {
      alphaAnswers.push({
        request: `GET /api/v1/events (${name})`,
        status: 200,
        body: JSON.stringify(events),
        text: JSON.stringify(events),
      });
    }
    betaExtraJobIds.push(another.id);
  });

  it("asks for a key on every route once keys exist, and lets no wrong key through", async () => {
    const { jobId, uploadId, deliveryId, styleId, presetId } = betaThings;
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array([1, 2, 3])], { type: "image/png" }), "x.png");
    const routes: Array<[string, string, unknown?]> = [
      ["GET", "/api/v1/jobs"],
      ["POST", "/api/v1/jobs", { ...SHORT, prompt: "no key" }],
      ["POST", "/api/v1/validate", { ...SHORT, prompt: "no key" }],
      ["GET", `/api/v1/jobs/${jobId}`],
      ["GET", `/api/v1/jobs/${jobId}/content`],
      ["GET", `/api/v1/jobs/${jobId}/thumbnail`],
      ["GET", `/api/v1/jobs/${jobId}/events`],
      ["POST", `/api/v1/jobs/${betaThings.queuedJobId}/cancel`],
      ["DELETE", `/api/v1/jobs/${jobId}`],
      ["GET", "/api/v1/events"],
      ["POST", "/api/v1/uploads", form],
      ["GET", `/api/v1/uploads/${uploadId}`],
      ["DELETE", `/api/v1/uploads/${uploadId}`],
      ["GET", "/api/v1/styles"],
      ["POST", "/api/v1/styles", { id: "no-key", name: "No key", promptSuffix: "!" }],
      ["GET", `/api/v1/styles/${styleId}`],
      ["DELETE", `/api/v1/styles/${styleId}`],
      ["GET", "/api/v1/categories"],
      ["GET", `/api/v1/categories/${betaThings.categoryId}`],
      ["DELETE", `/api/v1/categories/${betaThings.categoryId}`],
      ["GET", "/api/v1/presets"],
      ["GET", `/api/v1/presets/${presetId}`],
      ["DELETE", `/api/v1/presets/${presetId}`],
      ["GET", "/api/v1/webhooks/deliveries"],
      ["GET", `/api/v1/webhooks/deliveries/${deliveryId}`],
      ["POST", `/api/v1/webhooks/deliveries/${deliveryId}/retry`],
      ["GET", "/api/v1/usage"],
      ["GET", "/api/v1/models"],
      ["GET", "/v1/videos"],
      ["POST", "/v1/videos", { model: "local/preview", prompt: "no key" }],
      ["GET", `/v1/videos/${jobId}`],
      ["GET", `/v1/videos/${jobId}/content`],
      ["DELETE", `/v1/videos/${jobId}`],
      ["POST", `/v1/videos/${jobId}/remix`, { prompt: "no key" }],
    ];
    const betaKeyId = betaToken.split("_")[1] ?? "";
    const callers: Array<[string, TenantCaller]> = [
      ["no key", tenantCaller(gateway.url, null)],
      ["an unknown key", tenantCaller(gateway.url, `rly_${"0".repeat(16)}_${"a".repeat(43)}`)],
      // Beta's key id with another secret: the id alone opens nothing.
      ["beta's key id with a wrong secret", tenantCaller(gateway.url, `rly_${betaKeyId}_${"b".repeat(43)}`)],
      ["a token of another shape", tenantCaller(gateway.url, betaKeyId)],
      [
        "basic auth",
        tenantCaller(gateway.url, null, { headers: { authorization: `Basic ${btoa(`beta:${betaToken}`)}` } }),
      ],
    ];
    for (const [who, call] of callers) {
      for (const [method, route, body] of routes) {
        const answer = await call(method, route, body);
        expect(answer.status, `${who}: ${method} ${route}`).toBe(401);
        expect(answer.text).toMatch(/www-authenticate: Bearer realm="reelay"/i);
        alphaAnswers.push(answer);
      }
    }
  });

  it("leaves every one of beta's things in place, and leaked none of them to alpha", async () => {
    const { jobId, runningJobId, queuedJobId, uploadId, deliveryId, styleId, categoryId, presetId } = betaThings;
    for (const route of [
      `/api/v1/jobs/${jobId}/thumbnail`,
      `/api/v1/uploads/${uploadId}`,
      `/api/v1/webhooks/deliveries/${deliveryId}`,
      `/api/v1/styles/${styleId}`,
      `/api/v1/categories/${categoryId}`,
      `/api/v1/presets/${presetId}`,
      `/v1/videos/${jobId}`,
    ]) {
      expect((await beta("GET", route)).status, route).toBe(200);
    }
    const video = await fetch(`${gateway.url}/api/v1/jobs/${jobId}/content`, {
      headers: { authorization: `Bearer ${betaToken}` },
    });
    expect(video.status).toBe(200);
    expect(video.headers.get("content-type")).toBe("video/mp4");
    expect((await video.arrayBuffer()).byteLength).toBeGreaterThan(1_000);
    for (const id of [jobId, runningJobId, queuedJobId]) {
      const job = await jobOf(beta, id);
      expect(job.cancelRequestedAt, id).toBeNull();
      expect(job.status, id).not.toBe("cancelled");
    }
    const listed = idsOf(await beta("GET", `/api/v1/jobs?q=${MARKER}&limit=100`));
    expect(listed).toEqual(expect.arrayContaining([jobId, runningJobId, queuedJobId]));
    expect(idsOf(await beta("GET", "/v1/videos?limit=100"))).toEqual(expect.arrayContaining([jobId, queuedJobId]));
    const usage = jsonOf<UsageReport>(await beta("GET", "/api/v1/usage"), 200);
    expect(usage.tenant).toBe("beta");
    expect(usage.periods.reduce((sum, period) => sum + period.jobs, 0)).toBeGreaterThanOrEqual(4);
    for (const kind of ["styles", "categories", "presets"]) {
      expect(idsOf(await beta("GET", `/api/v1/${kind}`))).toContain(
        `beta-${kind === "categories" ? "category" : kind.slice(0, -1)}`,
      );
    }
    expect(receiver.delivered().length).toBeGreaterThan(0);

    expect(alphaAnswers.length).toBeGreaterThan(200);
    for (const answer of alphaAnswers) {
      const leaked = leakedIn(answer, [...betaIds(), MARKER, betaToken]);
      expect(leaked, `${answer.request} → ${answer.status}: ${answer.body.slice(0, 400)}`).toEqual([]);
    }
  });
});
