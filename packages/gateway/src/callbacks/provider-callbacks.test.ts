import { pino } from "pino";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import type { JobRecord } from "../core/types.ts";
import { createOpenAiFake } from "../providers/openai/fake.ts";
import { signViduCallback } from "../providers/shared/callback-signatures.ts";
import { STANDARD_WEBHOOK_VECTOR } from "../providers/shared/test-support/callback-vectors.ts";
import { createViduFake } from "../providers/vidu/fake.ts";
import { withFaultScenario, type FaultScenario } from "../reliability/test-support/fault-scenario.ts";
import { eventually, startTestGateway } from "../test-support/start-test-gateway.ts";

/*
 * A provider callback is refused unless it is authentic, fresh and new, and a refused one changes
 * nothing: not the job, not when it is polled. Messages here are signed by an independent
 * Standard Webhooks implementation (the `standardwebhooks` package), as OpenAI signs them.
 */

const SECRET = STANDARD_WEBHOOK_VECTOR.secret;
const OTHER_SECRET = "whsec_dGhpcyBpcyBub3QgdGhlIHJpZ2h0IHNlY3JldCEhIQ==";
const TENANT = "default";
/** Long renders: the job stays running while the test talks to it (OpenAI's fake says poll every 15 s). */
const SLOW = { queuedMs: 200, renderMs: 59_800 };
/** Provider calls may take this long on a busy machine before they count as failed and are retried. */
const TIMEOUT_SECONDS = 10;

interface Signed {
  headers: Record<string, string>;
  body: string;
}

function videoCompleted(videoId: string, secret: string, messageId: string, sentAt = new Date()): Signed {
  const body = JSON.stringify({
    id: `evt_${messageId}`,
    object: "event",
    created_at: Math.floor(sentAt.getTime() / 1000),
    type: "video.completed",
    data: { id: videoId },
  });
  return {
    body,
    headers: {
      "content-type": "application/json",
      "webhook-id": messageId,
      "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
      "webhook-signature": new Webhook(secret).sign(messageId, sentAt, body),
    },
  };
}

async function post(scenario: FaultScenario, provider: string, signed: Signed) {
  const response = await fetch(`${scenario.gateway.url}/callbacks/${provider}`, {
    method: "POST",
    headers: signed.headers,
    body: signed.body,
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    code: response.ok ? null : (JSON.parse(text) as { error: { code: string } }).error.code,
  };
}

/** The job once it is running upstream and its next poll is at least `marginMs` away. */
async function runningJob(scenario: FaultScenario, id: string, marginMs: number): Promise<JobRecord> {
  return eventually(
    async () => {
      const job = await scenario.gateway.store.get(TENANT, id);
      const settled = job?.status === "running" && job.upstreamId !== null && job.leaseToken === null;
      return settled && job.nextRunAt - Date.now() > marginMs ? job : undefined;
    },
    // A poll in flight, or the first one coming due, is waited out: at most one poll interval.
    40_000,
    "a running job not due soon",
  );
}

describe("provider callbacks over HTTP", () => {
  it(
    "refuses forged, unsigned, stale and replayed OpenAI callbacks, changing nothing; a good one polls at once",
    {
      timeout: 120_000,
    },
    async () => {
      const fake = createOpenAiFake({ timing: SLOW });
      await withFaultScenario(
        {
          provider: "openai",
          fake,
          timeoutSeconds: TIMEOUT_SECONDS,
          environment: { REELAY_OPENAI_WEBHOOK_SECRET: SECRET },
        },
        async (scenario) => {
          const { id } = await scenario.createJob();
          const before = await runningJob(scenario, id, 5_000);
          const videoId = before.upstreamId ?? "";
          const polls = scenario.calls("poll").length;

          const forged = await post(scenario, "openai", videoCompleted(videoId, OTHER_SECRET, "msg_forged"));
          expect(forged).toMatchObject({ status: 401, code: "callback_unverified" });
          const unsigned = await post(scenario, "openai", {
            headers: { "content-type": "application/json" },
            body: "{}",
          });
          expect(unsigned).toMatchObject({ status: 401, code: "callback_unverified" });
          const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
          const stale = await post(scenario, "openai", videoCompleted(videoId, SECRET, "msg_stale", tenMinutesAgo));
          expect(stale).toMatchObject({ status: 400, code: "callback_stale" });
          const good = videoCompleted(videoId, SECRET, "msg_good");
          const tampered = await post(scenario, "openai", { ...good, body: good.body.replace(videoId, "video_other") });
          expect(tampered).toMatchObject({ status: 401, code: "callback_unverified" });

          expect(await scenario.gateway.store.get(TENANT, id)).toStrictEqual(before);
          expect(scenario.calls("poll")).toHaveLength(polls);

          expect(await post(scenario, "openai", good)).toMatchObject({ status: 200, text: "ok" });
          await eventually(
            async () => (scenario.calls("poll").length > polls ? true : undefined),
            10_000,
            "the poll the callback asked for",
          );
          const afterPoll = await runningJob(scenario, id, 5_000);
          const pollsAfter = scenario.calls("poll").length;

          expect(await post(scenario, "openai", good)).toMatchObject({ status: 400, code: "callback_replayed" });
          expect(await scenario.gateway.store.get(TENANT, id)).toStrictEqual(afterPoll);
          expect(scenario.calls("poll")).toHaveLength(pollsAfter);
          expect(scenario.calls("create")).toHaveLength(1);
        },
      );
    },
  );

  it("verifies Vidu's signature over the callback URL Reelay gave, keyed by the API key", async () => {
    const fake = createViduFake({ timing: SLOW });
    await withFaultScenario(
      { provider: "vidu", fake, timeoutSeconds: TIMEOUT_SECONDS, environment: { REELAY_PROVIDER_CALLBACKS: "on" } },
      async (scenario) => {
        const { id } = await scenario.createJob();
        const before = await runningJob(scenario, id, 2_000);
        const body = JSON.stringify({ id: before.upstreamId, state: "success", creations: [] });
        const sign = (token: string, path: string, date = new Date()) => ({
          body,
          headers: {
            "content-type": "application/json",
            ...signViduCallback(token, {
              method: "POST",
              url: new URL(`${scenario.gateway.url}${path}`),
              date: date.toUTCString(),
              nonce: `nonce-${token}-${path}-${date.getTime()}`,
            }),
          },
        });
        const polls = scenario.calls("poll").length;
        expect(await post(scenario, "vidu", sign("not-the-key", "/callbacks/vidu"))).toMatchObject({ status: 401 });
        expect(await post(scenario, "vidu", sign("reliability-test-key", "/elsewhere"))).toMatchObject({ status: 401 });
        expect(await scenario.gateway.store.get(TENANT, id)).toStrictEqual(before);
        expect(await post(scenario, "vidu", sign("reliability-test-key", "/callbacks/vidu"))).toMatchObject({
          status: 200,
        });
        await eventually(
          async () => (scenario.calls("poll").length > polls ? true : undefined),
          10_000,
          "the poll the callback asked for",
        );
        // The callback said "success"; the provider still renders, and the poll's answer is what counts.
        expect((await scenario.gateway.store.get(TENANT, id))?.status).toBe("running");
      },
    );
  });
});

describe("asking providers to call back", () => {
  async function startupWarnings(environment: Record<string, string>): Promise<string[]> {
    const lines: string[] = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => void lines.push(line) });
    const gateway = await startTestGateway({ REELAY_WORKER: "off", ...environment }, logger);
    await gateway.dispose();
    return lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
  }

  it("warns at start when no public URL tells providers where Reelay is", async () => {
    expect(await startupWarnings({ REELAY_PROVIDER_CALLBACKS: "on" })).toEqual([
      expect.stringMatching(/REELAY_PROVIDER_CALLBACKS is on without REELAY_PUBLIC_URL/),
    ]);
    expect(
      await startupWarnings({ REELAY_PROVIDER_CALLBACKS: "on", REELAY_PUBLIC_URL: "https://videos.example.com" }),
    ).toEqual([]);
    expect(await startupWarnings({})).toEqual([]);
  });
});
