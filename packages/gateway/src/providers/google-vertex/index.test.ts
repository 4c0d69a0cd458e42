import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NormalizedRequest } from "../../core/types.ts";
import { createFileMediaStore } from "../../media/file-media-store.ts";
import { createOutputRehoster } from "../../media/rehost-output.ts";
import { contractContext, pollToEnd } from "../provider.contract.ts";
import { serveFake, type ServedFake } from "../shared/fake-server.ts";
import { createGoogleVertexFake } from "./fake.ts";
import { createGoogleVertexProvider } from "./index.ts";
import { googleVertexModels } from "./models.ts";
import { providerCallError } from "../../test-support/provider-call-error.ts";
import { describeKeyCheckContract } from "../key-check.contract.ts";
import {
  generateServiceAccountKey,
  SERVICE_ACCOUNT_EMAIL,
  writeServiceAccountFile,
} from "./test-support/service-account.ts";

const TOKEN = "ya29.vertex-adapter-token-77aa";
const spec = googleVertexModels.find((model) => model.vendorModelId === "veo-3.1-generate-001");
if (!spec) throw new Error("catalog lost veo-3.1-generate-001");

const request = (overrides: Partial<NormalizedRequest> = {}): NormalizedRequest => ({
  model: spec.id,
  prompt: "A lighthouse at dusk",
  durationSeconds: 6,
  aspectRatio: "9:16",
  resolution: "720p",
  audio: true,
  seed: 42,
  providerOptions: {},
  metadata: {},
  ...overrides,
});

describe("google-vertex adapter against its fake", () => {
  const fake = createGoogleVertexFake({ apiKey: TOKEN, timing: { queuedMs: 20, renderMs: 80 } });
  let served: ServedFake;
  let directory = "";

  beforeAll(async () => {
    served = await serveFake(fake.app);
    directory = await mkdtemp(join(tmpdir(), "reelay-vertex-adapter-"));
  });
  afterAll(async () => {
    await served.close();
    await rm(directory, { recursive: true, force: true });
  });

  const adapter = () =>
    createGoogleVertexProvider({
      project: "reelay-test",
      location: "europe-west4",
      accessToken: TOKEN,
      baseUrl: `${served.url}/v1`,
      outputDir: join(directory, "outputs"),
      storageBaseUrl: served.url,
    });

  it("writes the inline video to a file the re-hoster stores, keeping only the operation name on the task", async () => {
    const provider = adapter();
    const started = await provider.start(request(), contractContext(spec));
    expect(started.task).toEqual({
      operationName: expect.stringMatching(
        /^projects\/reelay-test\/locations\/europe-west4\/publishers\/google\/models\/veo-3\.1-generate-001\/operations\/[0-9a-f-]{36}$/,
      ),
    });
    const created = fake.faults.requests.at(-1);
    expect(created?.path).toBe(
      "/v1/projects/reelay-test/locations/europe-west4/publishers/google/models/veo-3.1-generate-001:predictLongRunning",
    );
    expect(created?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(created?.body ?? "")).toEqual({
      instances: [{ prompt: "A lighthouse at dusk" }],
      parameters: {
        aspectRatio: "9:16",
        durationSeconds: 6,
        resolution: "720p",
        sampleCount: 1,
        seed: 42,
        generateAudio: true,
      },
    });

    const result = await pollToEnd(provider, started.task, spec);
    if (result.state !== "succeeded") throw new Error(`expected success, got ${JSON.stringify(result)}`);
    const polls = fake.faults.requests.filter((sent) => sent.path.endsWith(":fetchPredictOperation"));
    expect(polls.at(-1)?.path).toBe(
      "/v1/projects/reelay-test/locations/europe-west4/publishers/google/models/veo-3.1-generate-001:fetchPredictOperation",
    );
    expect(JSON.parse(polls.at(-1)?.body ?? "")).toEqual({ operationName: started.task.operationName });

    const output = result.outputs[0];
    if (output?.source.type !== "file") throw new Error("expected a file output");
    expect(output.source.path.startsWith(join(directory, "outputs"))).toBe(true);
    expect((await readFile(output.source.path)).toString("latin1", 4, 8)).toBe("ftyp");
    expect(JSON.stringify(result).length).toBeLessThan(1_000);

    const store = createFileMediaStore(join(directory, "media"));
    const stored = await createOutputRehoster({ store, fetch, maxBytes: 50_000_000, timeoutMs: 10_000 }).rehost(
      "job_vertex_1",
      result.outputs,
    );
    expect(stored).toMatchObject({
      mediaType: "video/mp4",
      width: 180,
      height: 320,
      durationSeconds: expect.closeTo(6, 0),
    });
  });

  it("downloads a gs:// output through the storage JSON API, the bearer token added only for the download", async () => {
    // Reelay never sends storageUri; a create made by hand gives the fake's bucket an object.
    const created = await fetch(
      `${served.url}/v1/projects/p/locations/us-central1/publishers/google/models/veo-3.1-generate-001:predictLongRunning`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({
          instances: [{ prompt: "x" }],
          parameters: { durationSeconds: 4, storageUri: "gs://reelay-bucket/out" },
        }),
      },
    );
    const { name } = (await created.json()) as { name: string };
    const provider = adapter();
    const result = await pollToEnd(provider, { operationName: name }, spec);
    if (result.state !== "succeeded" || result.outputs[0] === undefined) throw new Error("expected an output");
    expect(JSON.stringify(result.outputs)).not.toContain(TOKEN);
    const authorized = provider.authorizeDownload?.(result.outputs[0]) ?? result.outputs[0];
    if (authorized.source.type !== "url") throw new Error("expected a URL output");
    const { url, headers } = authorized.source;
    expect(headers).toEqual({ authorization: `Bearer ${TOKEN}` });
    const elsewhere = { kind: "video" as const, source: { type: "url" as const, url: "https://cdn.example/v.mp4" } };
    expect(provider.authorizeDownload?.(elsewhere)).toEqual(elsewhere);
    expect(url).toMatch(
      new RegExp(`^${served.url}/storage/v1/b/reelay-bucket/o/out%2F\\d+%2Fsample_0\\.mp4\\?alt=media$`),
    );
    const response = await fetch(url, { headers: headers ?? {} });
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).toString("latin1", 4, 8)).toBe("ftyp");
  });

  it("reads a 429's RetryInfo delay and a retired model's 404", async () => {
    fake.faults.inject({
      method: "POST",
      pathIncludes: ":predictLongRunning",
      fault: {
        type: "status",
        status: 429,
        body: {
          error: {
            code: 429,
            message: "Quota exceeded.",
            status: "RESOURCE_EXHAUSTED",
            details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "12.5s" }],
          },
        },
      },
    });
    const limited = await providerCallError(adapter().start(request(), contractContext(spec)));
    expect(limited).toMatchObject({
      kind: "rate_limited",
      retryable: true,
      delivery: "answered",
      retryAfterMs: 12_500,
    });
    const retired = googleVertexModels.find((model) => model.vendorModelId === "veo-3.0-generate-001");
    if (!retired) throw new Error("catalog lost veo-3.0-generate-001");
    const gone = await providerCallError(
      adapter().start(request({ model: retired.id, resolution: "720p", durationSeconds: 8 }), contractContext(retired)),
    );
    expect(gone).toMatchObject({ kind: "not_found", delivery: "answered" });
    expect(gone.message).toContain("was not found or your project does not have access to it");
  });

  it("fails an operation without videos but with a filter count as content_filtered", async () => {
    const provider = adapter();
    const started = await provider.start(request({ prompt: "a blocked-content scene" }), contractContext(spec));
    const result = await pollToEnd(provider, started.task, spec);
    expect(result).toMatchObject({ state: "failed", failure: { code: "content_filtered", message: /safety filter/ } });
  });
});

describe("google-vertex adapter settings", () => {
  it("names every missing variable", () => {
    expect(createGoogleVertexProvider({}).unavailableReason()).toBe(
      "REELAY_GOOGLE_VERTEX_PROJECT and REELAY_GOOGLE_VERTEX_CREDENTIALS_FILE or REELAY_GOOGLE_VERTEX_ACCESS_TOKEN are not set",
    );
    expect(createGoogleVertexProvider({ accessToken: "t" }).unavailableReason()).toBe(
      "REELAY_GOOGLE_VERTEX_PROJECT is not set",
    );
    expect(createGoogleVertexProvider({ project: "p" }).unavailableReason()).toBe(
      "REELAY_GOOGLE_VERTEX_CREDENTIALS_FILE or REELAY_GOOGLE_VERTEX_ACCESS_TOKEN is not set",
    );
    expect(createGoogleVertexProvider({ project: "p", credentialsFile: "/k.json" }).unavailableReason()).toBeNull();
  });

  it("never calls out unconfigured, declares no idempotency and no cancel", async () => {
    const provider = createGoogleVertexProvider({ accessToken: "t" });
    const error = await providerCallError(provider.start(request(), contractContext(spec)));
    expect(error).toMatchObject({ kind: "auth", delivery: "not_sent" });
    expect(error.message).toContain("REELAY_GOOGLE_VERTEX_PROJECT");
    expect(provider.idempotentStart).toBe(false);
    expect(provider.cancel).toBeUndefined();
    expect(await provider.poll({ operationName: "projects/p/../../x" }, contractContext(spec))).toMatchObject({
      state: "failed",
      failure: { code: "provider_error" },
    });
  });
});

describeKeyCheckContract({
  provider: "google-vertex",
  createFake: (apiKey) => createGoogleVertexFake({ apiKey }),
  createAdapter: (url, accessToken) =>
    createGoogleVertexProvider({ project: "reelay-test", accessToken, baseUrl: `${url}/v1` }),
  probe: {
    method: "POST",
    path: "/v1/projects/reelay-test/locations/us-central1/publishers/google/models/veo-2.0-generate-001:fetchPredictOperation",
  },
  accepted: /^token as configured; project reelay-test \(us-central1\) answered past authentication$/,
  refusal: /HTTP 401: UNAUTHENTICATED: Request had invalid authentication credentials/,
  keyVariable: "REELAY_GOOGLE_VERTEX_ACCESS_TOKEN",
});

describe("google-vertex checkKey with a service-account key", () => {
  const key = generateServiceAccountKey();
  const fake = createGoogleVertexFake({
    serviceAccounts: { [SERVICE_ACCOUNT_EMAIL]: key.publicKeyPem },
    project: "reelay-test",
  });
  let served: ServedFake;
  let directory = "";
  const context = () => ({ clock: { now: () => Date.now() }, fetch, signal: AbortSignal.timeout(5_000) });
  const adapterWith = async (privateKeyPem: string, project = "reelay-test") => {
    const credentialsFile = join(directory, `key-${Math.random().toString(36).slice(2)}.json`);
    await writeServiceAccountFile(credentialsFile, privateKeyPem, `${served.url}/token`);
    return createGoogleVertexProvider({ project, credentialsFile, baseUrl: `${served.url}/v1` });
  };

  beforeAll(async () => {
    served = await serveFake(fake.app);
    directory = await mkdtemp(join(tmpdir(), "reelay-vertex-key-check-"));
  });
  afterAll(async () => {
    await served.close();
    await rm(directory, { recursive: true, force: true });
  });

  it("obtains a token with the key, then has the project accept it", async () => {
    const before = fake.faults.requests.length;
    const check = await (await adapterWith(key.privateKeyPem)).checkKey?.(context());
    expect(check).toEqual({
      outcome: "accepted",
      detail:
        "token obtained with the service-account key; project reelay-test (us-central1) answered past authentication",
    });
    expect(fake.faults.requests.slice(before).map((sent) => sent.path)).toEqual([
      "/token",
      "/v1/projects/reelay-test/locations/us-central1/publishers/google/models/veo-2.0-generate-001:fetchPredictOperation",
    ]);
  });

  it("reports a key Google does not know refused at the token endpoint, naming the key file setting", async () => {
    const stranger = generateServiceAccountKey();
    const check = await (await adapterWith(stranger.privateKeyPem)).checkKey?.(context());
    expect(check).toEqual({
      outcome: "refused",
      message:
        "google-vertex: Google refused the service-account key (invalid_grant: Invalid JWT Signature.). Check REELAY_GOOGLE_VERTEX_CREDENTIALS_FILE.",
    });
  });

  it("reports a project without Veo access refused with Google's PERMISSION_DENIED", async () => {
    const check = await (await adapterWith(key.privateKeyPem, "someone-else")).checkKey?.(context());
    expect(check).toMatchObject({ outcome: "refused", message: expect.stringMatching(/HTTP 403: PERMISSION_DENIED/) });
  });
});
