import { afterEach, describe, expect, it } from "vitest";
import { startCallbackReceiver } from "../shared/test-support/callback-receiver.ts";
import { STANDARD_WEBHOOK_VECTOR } from "../shared/test-support/callback-vectors.ts";
import { FAKE_BLOCKED_PROMPT } from "./fake.ts";
import { createOpenAiProvider } from "./index.ts";
import { openAiContext, openAiRequest, openAiSpec, startOpenAiFake, TEST_KEY } from "./test-support/fixtures.ts";

const SECRET = STANDARD_WEBHOOK_VECTOR.secret;
const spec = openAiSpec("sora-2");

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function setup() {
  const receiver = await startCallbackReceiver();
  const callbackUrl = `${receiver.url}/callbacks/openai`;
  const fake = await startOpenAiFake({ callbacks: { url: callbackUrl, secret: SECRET } });
  open.push(receiver, fake);
  const adapter = createOpenAiProvider({ apiKey: TEST_KEY, baseUrl: fake.baseUrl, webhookSecret: SECRET });
  const start = (prompt?: string) =>
    adapter.start(openAiRequest(spec, prompt === undefined ? {} : { prompt }), openAiContext(spec));
  const eventOf = (index: number) =>
    JSON.parse(Buffer.from(receiver.received[index]!.body).toString()) as Record<string, unknown>;
  return { receiver, fake, adapter, start, eventOf };
}

describe("OpenAI fake webhooks", () => {
  it("sends video.completed, signed as Standard Webhooks, to the project URL; the adapter accepts it", async () => {
    const { receiver, adapter, start, eventOf } = await setup();
    const started = await start();
    const [callback] = await receiver.waitFor(1);
    expect(eventOf(0)).toEqual({
      id: expect.stringMatching(/^evt_/),
      object: "event",
      created_at: expect.any(Number),
      type: "video.completed",
      data: { id: started.task.videoId },
    });
    expect(adapter.parseCallback?.(callback!)).toEqual({
      ok: true,
      messageId: callback!.headers.get("webhook-id"),
      sentAtMs: Number(callback!.headers.get("webhook-timestamp")) * 1000,
      taskIds: [adapter.upstreamId?.(started.task)],
    });
    expect((await adapter.poll(started.task, openAiContext(spec))).state).toBe("succeeded");
  });

  it("sends video.failed for a moderated video", async () => {
    const { receiver, start, eventOf } = await setup();
    const started = await start(`A kite ${FAKE_BLOCKED_PROMPT}`);
    await receiver.waitFor(1);
    expect(eventOf(0)).toMatchObject({ type: "video.failed", data: { id: started.task.videoId } });
  });

  it("sends each event as two fresh messages with `duplicate: 2`", async () => {
    const { receiver, fake, adapter, start } = await setup();
    fake.callbacks?.configure({ duplicate: 2 });
    const started = await start();
    const copies = await receiver.waitFor(2);
    const checks = copies.map((callback) => adapter.parseCallback?.(callback));
    expect(checks).toEqual([
      expect.objectContaining({ ok: true, taskIds: [started.task.videoId] }),
      expect.objectContaining({ ok: true, taskIds: [started.task.videoId] }),
    ]);
    expect(new Set(checks.map((check) => (check as { messageId: string }).messageId)).size).toBe(2);
  });
});
