import { afterEach, describe, expect, it } from "vitest";
import { contractContext, contractRequest } from "../provider.contract.ts";
import { serveFake } from "../shared/fake-server.ts";
import { startCallbackReceiver } from "../shared/test-support/callback-receiver.ts";
import { STANDARD_WEBHOOK_VECTOR } from "../shared/test-support/callback-vectors.ts";
import { createGoogleFake } from "./fake.ts";
import { createGoogleProvider } from "./index.ts";
import { googleModels } from "./models.ts";
import { FILTERED_PROMPT_MARKER } from "./veo-fake-core.ts";

const KEY = "gemini-webhook-key";
const SECRET = STANDARD_WEBHOOK_VECTOR.secret;
const veo2 = googleModels.find((spec) => spec.vendorModelId === "veo-2.0-generate-001")!;

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function setup() {
  const receiver = await startCallbackReceiver();
  const fake = createGoogleFake({
    apiKey: KEY,
    timing: { queuedMs: 50, renderMs: 150 },
    callbacks: { url: `${receiver.url}/callbacks/google`, secret: SECRET },
  });
  const served = await serveFake(fake.app);
  const adapter = createGoogleProvider({ apiKey: KEY, baseUrl: `${served.url}/v1beta`, webhookSecret: SECRET });
  open.push(receiver, served, { close: () => fake.close?.() }, { close: () => adapter.close?.() });
  const start = (prompt: string) => adapter.start(contractRequest(veo2, prompt), contractContext(veo2));
  return { receiver, fake, adapter, start };
}

describe("Gemini fake webhooks", () => {
  it("sends video.generated for a finished video, naming what the adapter's upstreamId names", async () => {
    const { receiver, adapter, start } = await setup();
    const started = await start("A lighthouse at dusk");
    const [callback] = await receiver.waitFor(1);
    const event = JSON.parse(Buffer.from(callback!.body).toString()) as Record<string, any>;
    expect(event).toEqual({
      type: "video.generated",
      version: "v1",
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      data: {
        id: expect.any(String),
        output_file_uri: expect.stringMatching(
          /^https:\/\/generativelanguage\.googleapis\.com\/v1beta\/files\/[a-z0-9]+:download\?alt=media$/,
        ),
        file_name: expect.stringMatching(/^files\/[a-z0-9]+$/),
      },
    });
    expect(adapter.parseCallback?.(callback!)).toEqual({
      ok: true,
      messageId: callback!.headers.get("webhook-id"),
      sentAtMs: Number(callback!.headers.get("webhook-timestamp")) * 1000,
      taskIds: [adapter.upstreamId?.(started.task)],
    });
  });

  it("sends nothing for a filtered video: Gemini has no failure event", async () => {
    const { receiver, fake, start } = await setup();
    await start(`A lighthouse ${FILTERED_PROMPT_MARKER}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.received).toEqual([]);
    expect(fake.callbacks?.sent).toEqual([]);
  });
});
