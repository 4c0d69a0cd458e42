import { afterEach, describe, expect, it } from "vitest";
import type { ModelSpec } from "../../core/model-spec.ts";
import { contextFor, modelByVendorId, requestFor } from "../../test-support/spec-request.ts";
import { serveFake, type ServedFake } from "../shared/fake-server.ts";
import { startCallbackReceiver, type CallbackReceiver } from "../shared/test-support/callback-receiver.ts";
import { createPolloFake, POLLO_FAKE_PROMPTS, POLLO_FAKE_WEBHOOK_SECRET, type PolloFakeOptions } from "./fake.ts";
import { createPolloProvider } from "./index.ts";
import { polloModels } from "./models.ts";
import { TEST_KEY } from "./test-support/fake-client.ts";

const veo: ModelSpec = modelByVendorId(polloModels, "google/veo3-fast");
const TIMING = { queuedMs: 50, renderMs: 150 };

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

/** A served fake, a receiver standing in for the gateway and an adapter that checks its callbacks. */
async function setup(options: PolloFakeOptions = {}, webhookSecret = POLLO_FAKE_WEBHOOK_SECRET) {
  const fake = createPolloFake({ apiKey: TEST_KEY, timing: TIMING, ...options });
  const served: ServedFake = await serveFake(fake.app);
  const receiver: CallbackReceiver = await startCallbackReceiver();
  open.push({ close: () => fake.close?.() }, served, receiver);
  const adapter = createPolloProvider({ apiKey: TEST_KEY, baseUrl: served.url, webhookSecret });
  const start = (prompt: string, callbackUrl: string | null = `${receiver.url}/callbacks/pollo`) =>
    adapter.start(requestFor(veo, { prompt }), contextFor(veo, { callbackUrl }));
  return { fake, served, receiver, adapter, start };
}

describe("Pollo fake callbacks", () => {
  it("posts a signed {taskId, status} to the create's webhookUrl when the task ends, which the adapter accepts", async () => {
    const { fake, receiver, adapter, start } = await setup();
    const started = await start("A lighthouse at dusk");
    const create = fake.faults.requests.find((request) => request.method === "POST");
    expect(JSON.parse(create?.body ?? "")).toMatchObject({ webhookUrl: `${receiver.url}/callbacks/pollo` });
    const [callback] = await receiver.waitFor(1);
    expect(callback?.url.pathname).toBe("/callbacks/pollo");
    expect(JSON.parse(Buffer.from(callback!.body).toString())).toEqual({
      taskId: started.task.taskId,
      status: "succeed",
    });
    expect([...callback!.headers.keys()]).toEqual(
      expect.arrayContaining(["x-webhook-id", "x-webhook-timestamp", "x-webhook-signature"]),
    );
    const check = adapter.parseCallback?.(callback!);
    expect(check).toEqual({
      ok: true,
      messageId: callback!.headers.get("x-webhook-id"),
      sentAtMs: expect.any(Number),
      taskIds: [adapter.upstreamId?.(started.task)],
    });
    expect(Math.abs((check as { sentAtMs: number }).sentAtMs - Date.now())).toBeLessThan(5_000);
    // In order: by the time the callback arrives, the status shows the ending.
    expect((await adapter.poll(started.task, contextFor(veo))).state).toBe("succeeded");
  });

  it("reports a moderated task as failed, and sends nothing for a create without webhookUrl", async () => {
    const { receiver, start, fake } = await setup();
    const quiet = await start("A lighthouse at dusk", null);
    const blocked = await start(`A lighthouse ${POLLO_FAKE_PROMPTS.blocked}`);
    const [callback] = await receiver.waitFor(1);
    expect(JSON.parse(Buffer.from(callback!.body).toString())).toEqual({
      taskId: blocked.task.taskId,
      status: "failed",
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(receiver.received).toHaveLength(1);
    expect(fake.callbacks?.sent.map((sent) => sent.taskId)).not.toContain(quiet.task.taskId);
  });

  it("signs with the secret POST /__fake/callbacks sets, and takes no URL there", async () => {
    const other = Buffer.from("another-pollo-secret").toString("base64");
    const { served, receiver, adapter, start } = await setup({}, other);
    const post = (body: unknown) =>
      fetch(`${served.url}/__fake/callbacks`, { method: "POST", body: JSON.stringify(body) });
    expect((await post({ url: receiver.url })).status).toBe(400);
    expect((await post({ secret: other })).status).toBe(200);
    await start("A lighthouse at dusk");
    const [callback] = await receiver.waitFor(1);
    expect(adapter.parseCallback?.(callback!)).toMatchObject({ ok: true });
    expect(
      createPolloProvider({ apiKey: TEST_KEY, webhookSecret: POLLO_FAKE_WEBHOOK_SECRET }).parseCallback?.(callback!),
    ).toMatchObject({
      ok: false,
      reason: "forged",
    });
  });
});
