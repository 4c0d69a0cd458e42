import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Reelay, type JobView } from "@reelay/client";
import { startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";

const ids = (jobs: JobView[]) => jobs.map((job) => job.id);

describe("jobs made with presets, styles and categories", () => {
  let gateway: TestGateway;
  let client: Reelay;

  beforeAll(async () => {
    gateway = await startTestGateway();
    client = new Reelay({ baseUrl: gateway.url, maxRetries: 0 });
  });
  afterAll(async () => {
    await gateway?.dispose();
  });

  it("renders the styled prompt on local/preview, and the gallery's filter and search find the job", async () => {
    const styled = await client.jobs.create({
      model: "local/preview",
      prompt: "A fox crossing a river",
      style: "watercolor",
      category: "nature",
      durationSeconds: 1,
      resolution: "360p",
    });
    const other = await client.jobs.create({
      preset: "square-loop",
      prompt: "Night market in Hanoi",
      category: "travel",
    });
    const plain = await client.jobs.create({ model: "local/preview", prompt: "Another fox", durationSeconds: 1 });
    expect(other).toMatchObject({ model: "local/preview", preset: "square-loop", style: null, category: "travel" });
    expect(other.request).toMatchObject({ aspectRatio: "1:1", durationSeconds: 4, prompt: "Night market in Hanoi" });

    const done = await client.jobs.wait(styled.id, { timeoutMs: 60_000 });
    expect(done.status).toBe("succeeded");
    expect(done.video?.height).toBe(360);
    expect(done).toMatchObject({ style: "watercolor", category: "nature", preset: null });
    expect(done.request.prompt).toBe(
      "Watercolor painting: A fox crossing a river, soft washes of colour, visible paper texture, gentle motion",
    );
    expect(done.request.negativePrompt).toBe("photorealistic, hard edges, neon colours");

    expect(ids((await client.jobs.list({ category: "nature" })).data)).toEqual([styled.id]);
    expect((await client.jobs.wait(other.id, { timeoutMs: 60_000 })).status).toBe("succeeded");
    expect(ids((await client.jobs.list({ category: "travel", status: "succeeded" })).data)).toEqual([other.id]);
    expect(ids((await client.jobs.list({ q: "FOX CROSSING" })).data)).toEqual([styled.id]);
    expect(ids((await client.jobs.list({ q: "paper texture" })).data)).toEqual([styled.id]);
    const foxes: string[] = [];
    for await (const job of client.jobs.iterate({ q: "fox", limit: 1 })) foxes.push(job.id);
    expect(foxes).toEqual([plain.id, styled.id]);
    expect((await client.jobs.list({ q: "fox", category: "travel" })).data).toEqual([]);
  });

  it("drops a style's negative prompt on a model without negative prompts, with a warning", async () => {
    const sandbox = await startTestGateway({ REELAY_SANDBOX: "true", REELAY_WORKER: "off" });
    try {
      const job = await new Reelay({ baseUrl: sandbox.url, maxRetries: 0 }).jobs.create({
        model: "runway/gen4.5",
        prompt: "A lighthouse at dusk",
        style: "cinematic",
      });
      expect(job.style).toBe("cinematic");
      expect(job.request.prompt).toBe(
        "A lighthouse at dusk, cinematic lighting, shallow depth of field, anamorphic 35mm film look",
      );
      expect(job.request.negativePrompt).toBeUndefined();
      expect(job.warnings.map((warning) => warning.code)).toContain("style_negative_prompt_dropped");
      expect(job.warnings.find((warning) => warning.code === "style_negative_prompt_dropped")?.message).toContain(
        "runway/gen4.5 takes no negative prompt",
      );
    } finally {
      await sandbox.dispose();
    }
  });

  it("tells /validate what a preset and style make of a request, warnings included", async () => {
    const answer = await client.validate({ preset: "cinematic-veo", model: "runway/gen4.5", prompt: "Waves" });
    expect(answer.valid).toBe(false);
    expect(answer.issues.map((issue) => issue.field)).toEqual(["resolution", "audio"]);
    const valid = await client.validate({ preset: "quick-preview", style: "noir", prompt: "Rain", category: "travel" });
    expect(valid).toMatchObject({ valid: true, warnings: [], request: { model: "local/preview", durationSeconds: 4 } });
    expect(valid.request?.prompt).toMatch(/^Rain, film noir/);
  });
});
