import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NormalizedRequest } from "../../core/types.ts";
import { contractContext, pollToEnd } from "../provider.contract.ts";
import { serveFake, type ServedFake } from "../shared/fake-server.ts";
import { createVertexTokenSource } from "./auth.ts";
import { createGoogleVertexFake } from "./fake.ts";
import { createGoogleVertexProvider } from "./index.ts";
import { googleVertexModels } from "./models.ts";
import {
  generateServiceAccountKey,
  SERVICE_ACCOUNT_EMAIL,
  writeServiceAccountFile,
} from "./test-support/service-account.ts";
import { providerCallError } from "../../test-support/provider-call-error.ts";

const spec = googleVertexModels.find((model) => model.vendorModelId === "veo-3.1-lite-generate-001");
if (!spec) throw new Error("catalog lost veo-3.1-lite-generate-001");
const request: NormalizedRequest = {
  model: spec.id,
  prompt: "A lighthouse at dusk",
  durationSeconds: 4,
  aspectRatio: "16:9",
  resolution: "720p",
  audio: true,
  providerOptions: {},
  metadata: {},
};

describe("google-vertex with a service-account key file", () => {
  const key = generateServiceAccountKey();
  // Only tokens minted by the fake's /token endpoint pass: the configured static token is never sent.
  const fake = createGoogleVertexFake({
    apiKey: "static-token-nobody-sends",
    serviceAccounts: { [SERVICE_ACCOUNT_EMAIL]: key.publicKeyPem },
    timing: { queuedMs: 20, renderMs: 80 },
  });
  let served: ServedFake;
  let directory = "";

  beforeAll(async () => {
    served = await serveFake(fake.app);
    directory = await mkdtemp(join(tmpdir(), "reelay-vertex-auth-"));
  });
  afterAll(async () => {
    await served.close();
    await rm(directory, { recursive: true, force: true });
  });

  const adapterFor = (credentialsFile: string) =>
    createGoogleVertexProvider({
      project: "reelay-test",
      credentialsFile,
      baseUrl: `${served.url}/v1`,
      outputDir: directory,
    });

  it("signs a JWT, gets a token from the key file's token_uri once, and runs a job with it", async () => {
    const file = join(directory, "key.json");
    await writeServiceAccountFile(file, key.privateKeyPem, `${served.url}/token`);
    const provider = adapterFor(file);
    const started = await provider.start(request, contractContext(spec));
    const result = await pollToEnd(provider, started.task, spec);
    expect(result.state).toBe("succeeded");

    const tokenCalls = fake.faults.requests.filter((sent) => sent.path === "/token");
    expect(tokenCalls).toHaveLength(1);
    const form = new URLSearchParams(tokenCalls[0]?.body ?? "");
    expect(form.get("grant_type")).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    const claims = JSON.parse(
      Buffer.from(form.get("assertion")?.split(".")[1] ?? "", "base64url").toString(),
    ) as Record<string, unknown>;
    expect(claims).toMatchObject({
      iss: SERVICE_ACCOUNT_EMAIL,
      scope: "https://www.googleapis.com/auth/cloud-platform",
    });
    const vertexCalls = fake.faults.requests.filter((sent) => sent.path.startsWith("/v1/"));
    expect(vertexCalls.length).toBeGreaterThanOrEqual(2);
    expect(vertexCalls.every((sent) => (sent.headers.authorization ?? "").startsWith("Bearer ya29.fake-"))).toBe(true);

    // The token this process holds authorizes Cloud Storage downloads; before any call there is none.
    const object = {
      kind: "video" as const,
      source: { type: "url" as const, url: "https://storage.googleapis.com/storage/v1/b/b/o/x?alt=media" },
    };
    expect(provider.authorizeDownload?.(object)?.source).toMatchObject({
      headers: { authorization: expect.stringMatching(/^Bearer ya29\.fake-/) },
    });
    expect(adapterFor(file).authorizeDownload?.(object)).toEqual(object);
  });

  it("fails a key Google refuses as auth, naming the variable, before anything reaches Vertex", async () => {
    const file = join(directory, "unknown-key.json");
    await writeServiceAccountFile(file, generateServiceAccountKey().privateKeyPem, `${served.url}/token`);
    const before = fake.faults.requests.filter((sent) => sent.path.includes(":predictLongRunning")).length;
    const error = await providerCallError(adapterFor(file).start(request, contractContext(spec)));
    expect(error).toMatchObject({ kind: "auth", retryable: false, delivery: "not_sent", status: 400 });
    expect(error.message).toContain("Invalid JWT Signature");
    expect(error.message).toContain("REELAY_GOOGLE_VERTEX_CREDENTIALS_FILE");
    expect(error.message).not.toContain("PRIVATE KEY");
    expect(fake.faults.requests.filter((sent) => sent.path.includes(":predictLongRunning")).length).toBe(before);
  });

  it("names the variable when the key file is missing or is not a service-account key", async () => {
    const missing = await providerCallError(
      adapterFor(join(directory, "absent.json")).start(request, contractContext(spec)),
    );
    expect(missing).toMatchObject({ kind: "auth", delivery: "not_sent" });
    expect(missing.message).toContain("REELAY_GOOGLE_VERTEX_CREDENTIALS_FILE");
    const notKey = join(directory, "not-a-key.json");
    await writeFile(notKey, JSON.stringify({ type: "authorized_user", refresh_token: "x" }));
    const wrongKind = await providerCallError(adapterFor(notKey).start(request, contractContext(spec)));
    expect(wrongKind.message).toMatch(/not a service-account key/);
  });

  it("reports an unreachable token endpoint as a retryable network error", async () => {
    const file = join(directory, "unreachable.json");
    // Port 9 (discard) on loopback refuses connections.
    await writeServiceAccountFile(file, key.privateKeyPem, "http://127.0.0.1:9/token");
    const error = await providerCallError(adapterFor(file).start(request, contractContext(spec, 20_000)));
    expect(error).toMatchObject({ kind: "network", retryable: true, delivery: "not_sent" });
  });
});

describe("createVertexTokenSource", () => {
  it("prefers the key file, falls back to the access token, and is null without either", async () => {
    expect(createVertexTokenSource({ credentialsFile: "/k.json", accessToken: "t" })?.hint).toBe(
      "REELAY_GOOGLE_VERTEX_CREDENTIALS_FILE",
    );
    const fixed = createVertexTokenSource({ accessToken: "ya29.fixed" });
    expect(fixed?.hint).toBe("REELAY_GOOGLE_VERTEX_ACCESS_TOKEN");
    expect(await fixed?.token(new AbortController().signal)).toBe("ya29.fixed");
    expect(createVertexTokenSource({})).toBeNull();
  });
});
