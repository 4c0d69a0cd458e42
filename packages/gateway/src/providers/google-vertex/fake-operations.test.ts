import { describe, expect, it } from "vitest";
import { auth, errorOf, MODEL, ORIGIN, setUp, TEXT, TIMING } from "./test-support/vertex-fake-client.ts";

describe("Vertex fake: operations", () => {
  it("goes from no done field, to done: false, to done with the MP4 inline", async () => {
    const { create, poll, clock } = setUp();
    const { name } = (await (
      await create("veo-3.1-fast-generate-001", { ...TEXT, parameters: { aspectRatio: "9:16", durationSeconds: 4 } })
    ).json()) as { name: string };
    expect(name).toMatch(
      /^projects\/proj\/locations\/us-central1\/publishers\/google\/models\/veo-3\.1-fast-generate-001\/operations\/[0-9a-f-]{36}$/,
    );
    expect(await poll(name)).toEqual({ name });
    clock.nowMs += TIMING.queuedMs;
    expect(await poll(name)).toEqual({ name, done: false });
    clock.nowMs += TIMING.renderMs;
    const done = (await poll(name)) as {
      response: {
        "@type": string;
        raiMediaFilteredCount: number;
        videos: Array<{ bytesBase64Encoded: string; mimeType: string }>;
      };
    };
    expect(done.response).toMatchObject({
      "@type": "type.googleapis.com/cloud.ai.large_models.vision.GenerateVideoResponse",
      raiMediaFilteredCount: 0,
    });
    expect(done.response.videos).toHaveLength(1);
    expect(Buffer.from(done.response.videos[0]?.bytesBase64Encoded ?? "", "base64").toString("latin1", 4, 8)).toBe(
      "ftyp",
    );
  });

  it("polls only through the operation's own model, and 404s unknown operations", async () => {
    const { create, post } = setUp();
    const { name } = (await (await create("veo-3.1-generate-001", TEXT)).json()) as { name: string };
    const elsewhere = await post(`/v1/${MODEL("veo-3.1-fast-generate-001")}:fetchPredictOperation`, {
      operationName: name,
    });
    expect(await errorOf(elsewhere)).toMatchObject({ code: 400 });
    const unknown = await post(`/v1/${MODEL("veo-3.1-generate-001")}:fetchPredictOperation`, {
      operationName: `${MODEL("veo-3.1-generate-001")}/operations/nope`,
    });
    expect(await errorOf(unknown)).toMatchObject({ code: 404, status: "NOT_FOUND" });
    expect(await errorOf(await post(`/v1/${MODEL("veo-3.1-generate-001")}:fetchPredictOperation`, {}))).toMatchObject({
      code: 400,
    });
  });

  it("filters blocked-content, and ends an unsupported duration with error code 3", async () => {
    const { create, poll, clock } = setUp();
    const blocked = (await (
      await create("veo-3.1-generate-001", { ...TEXT, instances: [{ prompt: "blocked-content" }] })
    ).json()) as { name: string };
    const odd = (await (
      await create("veo-3.1-generate-001", { ...TEXT, parameters: { durationSeconds: 5 } })
    ).json()) as { name: string };
    clock.nowMs += 10_000;
    const filtered = await poll(blocked.name);
    expect(filtered).toMatchObject({
      done: true,
      response: { raiMediaFilteredCount: 1, raiMediaFilteredReasons: [expect.stringMatching(/Support codes/)] },
    });
    expect(JSON.stringify(filtered)).not.toContain("videos");
    expect(await poll(odd.name)).toMatchObject({
      done: true,
      error: { code: 3, message: /Unsupported output video duration 5 seconds, supported durations are \[8,4,6\]/ },
    });
  });

  it("writes to the bucket when storageUri is given, readable with the bearer token once done", async () => {
    const { create, poll, get, clock } = setUp({ outputTtlMs: 60_000 });
    const body = { ...TEXT, parameters: { ...TEXT.parameters, storageUri: "gs://my-bucket/veo-out/", sampleCount: 2 } };
    const { name } = (await (await create("veo-3.1-generate-001", body)).json()) as { name: string };
    const before = `/storage/v1/b/my-bucket/o/${encodeURIComponent(`veo-out/${clock.nowMs + 5_000}/sample_0.mp4`)}?alt=media`;
    expect((await get(before)).status).toBe(404);
    clock.nowMs += 10_000;
    const done = (await poll(name)) as { response: { videos: Array<{ gcsUri: string; mimeType: string }> } };
    expect(done.response.videos.map((video) => video.gcsUri)).toEqual([
      expect.stringMatching(/^gs:\/\/my-bucket\/veo-out\/\d+\/sample_0\.mp4$/),
      expect.stringMatching(/^gs:\/\/my-bucket\/veo-out\/\d+\/sample_1\.mp4$/),
    ]);
    const object = (done.response.videos[0]?.gcsUri ?? "").replace("gs://my-bucket/", "");
    const path = `/storage/v1/b/my-bucket/o/${encodeURIComponent(object)}?alt=media`;
    expect(path).toBe(before);
    expect((await get(path, {})).status).toBe(401);
    const video = await get(path);
    expect(video.status).toBe(200);
    expect(Buffer.from(await video.arrayBuffer()).toString("latin1", 4, 8)).toBe("ftyp");
    clock.nowMs += 60_000;
    expect((await get(path)).status).toBe(404);
  });

  it("answers over quota with 429 and RetryInfo, and mounts the fault admin", async () => {
    const { create, fake } = setUp({ createsPerMinute: 1 });
    expect((await create("veo-3.1-generate-001", TEXT)).status).toBe(200);
    expect(await errorOf(await create("veo-3.1-generate-001", TEXT))).toMatchObject({
      code: 429,
      details: expect.arrayContaining([{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "60s" }]),
    });
    fake.faults.inject({ pathIncludes: ":fetchPredictOperation", fault: { type: "status", status: 500, body: {} } });
    const faulted = await fake.app.fetch(
      new Request(`${ORIGIN}/v1/${MODEL("veo-3.1-generate-001")}:fetchPredictOperation`, {
        method: "POST",
        headers: auth,
        body: "{}",
      }),
    );
    expect(faulted.status).toBe(500);
  });
});
