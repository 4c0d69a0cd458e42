import { describe, expect, it } from "vitest";
import { runOnFake, testImage, veoCases, veoContext } from "../google/test-support/veo-cases.ts";
import { createGoogleVertexFake } from "./fake.ts";
import { mapVertexRequest, vertexCreateUrl, vertexDefaultBaseUrl, vertexPollUrl } from "./map-request.ts";
import { googleVertexModels } from "./models.ts";
import { modelResourceOf } from "./api.ts";

const first = await testImage("jpeg");
const last = await testImage("png", { r: 20, g: 120, b: 220 });
const encoded = { first: (await first.read()).toString("base64"), last: (await last.read()).toString("base64") };
const TOKEN = "ya29.vertex-map-token";
const BASE = "http://vertex.fake/v1";
const auth = { authorization: `Bearer ${TOKEN}` };

describe.each(googleVertexModels.map((spec) => [spec.id, spec] as const))("Vertex body for %s", (_id, spec) => {
  const cases = veoCases(spec, "vertex", first, last, encoded);
  const clock = { nowMs: 1_700_000_000_000 };
  // Retired ids are served too: this checks bodies, not lifecycles.
  const fake = createGoogleVertexFake({ apiKey: TOKEN, retiredModels: [], now: () => clock.nowMs });

  it("uses every aspect ratio, duration, resolution and audio setting the catalog offers", () => {
    const used = (pick: (request: (typeof cases)[number]["request"]) => unknown) =>
      new Set(cases.map((item) => pick(item.request)));
    expect([...used((request) => request.aspectRatio)].toSorted()).toEqual(spec.aspectRatios.toSorted());
    expect([...used((request) => request.durationSeconds)].toSorted()).toEqual(spec.durationsSeconds.toSorted());
    expect([...used((request) => request.resolution)].toSorted()).toEqual(spec.resolutions.toSorted());
    expect(used((request) => request.audio).size).toBe(spec.audio === "optional" ? 2 : 1);
  });

  it.each(cases.map((item) => [item.name, item] as const))(
    "%s: exact body, accepted by the fake",
    async (_name, item) => {
      const body = await mapVertexRequest(item.request, veoContext(spec, { image: first, lastFrame: last }));
      expect(body).toStrictEqual(item.expected);
      const result = await runOnFake(
        fake.app,
        clock,
        { url: vertexCreateUrl(BASE, "reelay-test", "us-central1", spec.vendorModelId), headers: auth },
        (name) =>
          new Request(vertexPollUrl(BASE, modelResourceOf(name)), {
            method: "POST",
            headers: { ...auth, "content-type": "application/json" },
            body: JSON.stringify({ operationName: name }),
          }),
        body,
      );
      expect(result.createStatus, JSON.stringify(result.createBody)).toBe(200);
      expect(result.operation).toMatchObject({ done: true, response: { videos: [{ mimeType: "video/mp4" }] } });
      expect(result.operation?.error).toBeUndefined();
    },
  );
});

describe("Vertex body details", () => {
  const veo31 = googleVertexModels.find((spec) => spec.vendorModelId === "veo-3.1-fast-generate-001");
  const veo2 = googleVertexModels.find((spec) => spec.vendorModelId === "veo-2.0-generate-001");
  if (!veo31 || !veo2) throw new Error("catalog lost its Veo models");
  const request = {
    model: veo31.id,
    prompt: "A lighthouse at dusk",
    durationSeconds: 8,
    aspectRatio: "9:16" as const,
    resolution: "1080p" as const,
    audio: false,
    providerOptions: { personGeneration: "allow_all" },
    negativePrompt: "text, watermark",
    seed: 4_294_967_295,
    metadata: {},
  };

  it("sends seed, negative prompt, personGeneration and the audio switch", async () => {
    const body = await mapVertexRequest(request, veoContext(veo31));
    expect(body).toStrictEqual({
      instances: [{ prompt: "A lighthouse at dusk" }],
      parameters: {
        aspectRatio: "9:16",
        durationSeconds: 8,
        resolution: "1080p",
        sampleCount: 1,
        negativePrompt: "text, watermark",
        personGeneration: "allow_all",
        seed: 4_294_967_295,
        generateAudio: false,
      },
    });
  });

  it("sends Veo 2 neither resolution nor generateAudio, but its seed", async () => {
    const body = await mapVertexRequest(
      {
        ...request,
        model: veo2.id,
        audio: false,
        resolution: "720p",
        providerOptions: { personGeneration: "dont_allow" },
      },
      veoContext(veo2),
    );
    expect(body.parameters).toStrictEqual({
      aspectRatio: "9:16",
      durationSeconds: 8,
      sampleCount: 1,
      negativePrompt: "text, watermark",
      personGeneration: "dont_allow",
      seed: 4_294_967_295,
    });
  });

  it("builds the regional and global URLs", () => {
    expect(vertexDefaultBaseUrl("europe-west4")).toBe("https://europe-west4-aiplatform.googleapis.com/v1");
    expect(vertexDefaultBaseUrl("global")).toBe("https://aiplatform.googleapis.com/v1");
    expect(vertexCreateUrl("https://x/v1", "p", "us-central1", "veo-3.1-generate-001")).toBe(
      "https://x/v1/projects/p/locations/us-central1/publishers/google/models/veo-3.1-generate-001:predictLongRunning",
    );
    const name = "projects/p/locations/us-central1/publishers/google/models/veo-3.1-generate-001/operations/8c1f6a0e";
    expect(vertexPollUrl("https://x/v1", modelResourceOf(name))).toBe(
      "https://x/v1/projects/p/locations/us-central1/publishers/google/models/veo-3.1-generate-001:fetchPredictOperation",
    );
  });
});
