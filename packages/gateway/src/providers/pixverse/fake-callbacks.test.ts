import { afterEach, describe, expect, it } from "vitest";
import { serveFake } from "../shared/fake-server.ts";
import { startCallbackReceiver } from "../shared/test-support/callback-receiver.ts";
import { createPixverseFake, PIXVERSE_FAKE_BASE_PATH, PIXVERSE_FAKE_PROMPTS } from "./fake.ts";
import { createPixverseProvider, pixverseTraceId } from "./index.ts";
import { pixverseContext, pixverseRequest, pixverseSpec, TEST_KEY } from "./test-support/fake-client.ts";

const spec = pixverseSpec("v4.5");
const SECRET = "pixverse-dashboard-secret";
const TIMING = { queuedMs: 50, renderMs: 150 };

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

/** A receiver standing in for the gateway, a served fake (its dashboard pointing there when `configured`), an adapter. */
async function setup(configured: boolean) {
  const receiver = await startCallbackReceiver();
  const callbackUrl = `${receiver.url}/callbacks/pixverse`;
  const fake = createPixverseFake({
    apiKey: TEST_KEY,
    timing: TIMING,
    ...(configured ? { callbacks: { url: callbackUrl, secret: SECRET } } : {}),
  });
  const served = await serveFake(fake.app);
  open.push({ close: () => fake.close?.() }, served, receiver);
  const adapter = createPixverseProvider({
    apiKey: TEST_KEY,
    baseUrl: `${served.url}${PIXVERSE_FAKE_BASE_PATH}`,
    webhookSecret: SECRET,
  });
  const start = (jobId: string, prompt = "A red fox trotting through fresh snow") =>
    adapter.start(pixverseRequest(spec, { prompt }), pixverseContext(spec, { jobId }));
  const bodyOf = (index: number) =>
    JSON.parse(Buffer.from(receiver.received[index]!.body).toString()) as Record<string, unknown>;
  return { receiver, callbackUrl, fake, served, adapter, start, bodyOf };
}

describe("PixVerse fake webhooks", () => {
  it("posts the documented body to the dashboard URL when a video ends, which the adapter accepts", async () => {
    const { receiver, fake, adapter, start, bodyOf } = await setup(true);
    const started = await start("job_pv_1");
    const [callback] = await receiver.waitFor(1);
    const body = bodyOf(0);
    expect(Object.keys(body)).toEqual(["id", "status", "url", "size", "has_audio", "credits"]);
    expect(body).toMatchObject({ id: started.task.videoId, status: 1, url: expect.stringMatching(/^http/) });
    expect(typeof body.size).toBe("number");
    expect(callback!.headers.get("ai-trace-id")).toBe(pixverseTraceId("job_pv_1", "create"));
    expect(callback!.headers.get("webhook-nonce")).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(adapter.parseCallback?.(callback!)).toEqual({
      ok: true,
      messageId: callback!.headers.get("webhook-nonce"),
      sentAtMs: Number(callback!.headers.get("webhook-timestamp")) * 1000,
      taskIds: [adapter.upstreamId?.(started.task)],
    });
    // The receiver answered `ok`: acknowledged at once.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.callbacks?.sent).toEqual([expect.objectContaining({ attempt: 1, answerStatus: 200 })]);
  });

  it("reports a moderated video with status 7 and no URL", async () => {
    const { receiver, start, bodyOf } = await setup(true);
    await start("job_pv_2", `A fox ${PIXVERSE_FAKE_PROMPTS.blocked}`);
    await receiver.waitFor(1);
    expect(bodyOf(0)).toMatchObject({ status: 7, url: "" });
  });

  it("reports a running video once POST /__fake/callbacks points the fake at a receiver", async () => {
    const { receiver, callbackUrl, served, adapter, start } = await setup(false);
    const started = await start("job_pv_3");
    const answer = await fetch(`${served.url}/__fake/callbacks`, {
      method: "POST",
      body: JSON.stringify({ url: callbackUrl, secret: SECRET }),
    });
    expect(answer.status).toBe(200);
    const [callback] = await receiver.waitFor(1);
    expect(adapter.parseCallback?.(callback!)).toMatchObject({ ok: true, taskIds: [started.task.videoId] });
  });
});
