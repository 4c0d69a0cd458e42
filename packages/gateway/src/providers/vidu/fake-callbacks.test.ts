import { afterEach, describe, expect, it } from "vitest";
import { contextFor, modelByVendorId, requestFor } from "../../test-support/spec-request.ts";
import { serveFake } from "../shared/fake-server.ts";
import { startCallbackReceiver, type ReceiverAnswer } from "../shared/test-support/callback-receiver.ts";
import { createViduFake, VIDU_FAKE_PROMPTS } from "./fake.ts";
import { createViduProvider } from "./index.ts";
import { viduModels } from "./models.ts";
import { TEST_KEY } from "./test-support/fake-client.ts";

const q1 = modelByVendorId(viduModels, "viduq1");
const TIMING = { queuedMs: 100, renderMs: 200 };

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

/** A served fake, a receiver standing in for the gateway, and an adapter created with the fake's token. */
async function setup(answers: ReceiverAnswer[] = [], timing = TIMING) {
  const fake = createViduFake({ timing });
  const served = await serveFake(fake.app);
  const receiver = await startCallbackReceiver(answers);
  open.push({ close: () => fake.close?.() }, served, receiver);
  const adapter = createViduProvider({ apiKey: TEST_KEY, baseUrl: `${served.url}/ent/v2` });
  const callbackUrl = `${receiver.url}/callbacks/vidu?job=job_1`;
  const start = (prompt = "A paper boat") =>
    adapter.start(requestFor(q1, { prompt }), contextFor(q1, { jobId: "job_1", callbackUrl }));
  const bodyOf = (index: number) =>
    JSON.parse(Buffer.from(receiver.received[index]!.body).toString()) as Record<string, unknown>;
  return { fake, served, receiver, adapter, start, bodyOf };
}

describe("Vidu fake callbacks", () => {
  it("posts the status body on processing and on success to callback_url, signed with the creating token", async () => {
    const { receiver, adapter, start, bodyOf } = await setup();
    const started = await start();
    const [processing, success] = await receiver.waitFor(2);
    expect(bodyOf(0)).toMatchObject({ id: started.task.taskId, state: "processing", creations: [] });
    expect(bodyOf(1)).toMatchObject({
      id: started.task.taskId,
      state: "success",
      err_code: "",
      payload: "job_1",
      creations: [{ url: expect.stringContaining(String(started.task.taskId)) }],
    });
    expect(processing!.url.search).toBe("?job=job_1");
    expect(processing!.headers.get("x-hmac-access-key")).toBe("vidu");
    expect(processing!.headers.get("x-hmac-algorithm")).toBe("hmac-sha256");
    for (const callback of [processing!, success!]) {
      expect(adapter.parseCallback?.(callback)).toEqual({
        ok: true,
        messageId: callback.headers.get("x-request-nonce"),
        sentAtMs: Date.parse(callback.headers.get("date") ?? ""),
        taskIds: [adapter.upstreamId?.(started.task)],
      });
    }
    // Keyed by the token that created the task: another token's adapter calls them forged.
    const stranger = createViduProvider({ apiKey: "vda_another_token" });
    expect(stranger.parseCallback?.(success!)).toMatchObject({ ok: false, reason: "forged" });
  });

  it("retries a failed ending up to 3 times, and does not retry processing", async () => {
    const refusals = Array.from({ length: 6 }, () => ({ status: 500 }));
    const { fake, receiver, start, bodyOf } = await setup(refusals);
    await start(`A paper boat ${VIDU_FAKE_PROMPTS.internalFailure}`);
    await receiver.waitFor(5);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(receiver.received).toHaveLength(5);
    expect(bodyOf(4)).toMatchObject({ state: "failed", err_code: "InternalServiceFailure" });
    expect(fake.callbacks?.sent.map(({ status, attempt }) => `${status}#${attempt}`)).toEqual([
      "processing#1",
      "failed#1",
      "failed#2",
      "failed#3",
      "failed#4",
    ]);
  });

  it("with order reversed, sends the ending first and a late processing after it", async () => {
    // A long render, so the early ending surely arrives while the status still says processing.
    const { served, receiver, adapter, start, bodyOf } = await setup([], { queuedMs: 100, renderMs: 1_000 });
    const answer = await fetch(`${served.url}/__fake/callbacks`, {
      method: "POST",
      body: JSON.stringify({ order: "reversed" }),
    });
    expect(answer.status).toBe(200);
    const started = await start();
    await receiver.waitFor(1);
    expect(bodyOf(0).state).toBe("success");
    // The ending arrives before the status endpoint shows it.
    expect((await adapter.poll(started.task, contextFor(q1))).state).toBe("running");
    await receiver.waitFor(2);
    expect(bodyOf(1).state).toBe("processing");
    expect((await adapter.poll(started.task, contextFor(q1))).state).toBe("succeeded");
  });

  it("refuses a callback_url that is not a URL, and a secret or URL through /__fake/callbacks", async () => {
    const { served } = await setup();
    const create = await fetch(`${served.url}/ent/v2/text2video`, {
      method: "POST",
      headers: { Authorization: `Token ${TEST_KEY}`, "Content-Type": "application/json" },
      body: JSON.stringify({ model: "viduq1", prompt: "x", callback_url: "not a url" }),
    });
    expect(create.status).toBe(400);
    expect(await create.json()).toMatchObject({ reason: "FieldInvalid", metadata: { fields: ["callback_url"] } });
    for (const body of [{ secret: "s" }, { url: "http://127.0.0.1:1/hook" }]) {
      const answer = await fetch(`${served.url}/__fake/callbacks`, { method: "POST", body: JSON.stringify(body) });
      expect(answer.status).toBe(400);
    }
  });
});
