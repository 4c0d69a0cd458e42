import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { describeProviderContract } from "../provider.contract.ts";
import { serveFake } from "../shared/fake-server.ts";
import { createGoogleVertexFake } from "./fake.ts";
import { createGoogleVertexProvider } from "./index.ts";
import { googleVertexModels } from "./models.ts";

const ACCESS_TOKEN = "ya29.vertex-contract-token-51c2";
const POLL_PATH = ":fetchPredictOperation";
let outputDir = "";

beforeAll(async () => {
  outputDir = await mkdtemp(join(tmpdir(), "reelay-vertex-contract-"));
});
afterAll(async () => {
  await rm(outputDir, { recursive: true, force: true });
});

describeProviderContract({
  provider: "google-vertex",
  models: googleVertexModels.filter((model) => model.lifecycle.status !== "retired" && model.inputs.text),
  async startFake() {
    const fake = createGoogleVertexFake({ apiKey: ACCESS_TOKEN, timing: { queuedMs: 50, renderMs: 150 } });
    const served = await serveFake(fake.app);
    return { url: served.url, inject: (rule) => fake.faults.inject(rule), close: served.close };
  },
  createAdapter: (url) =>
    createGoogleVertexProvider({
      project: "reelay-test",
      location: "us-central1",
      accessToken: ACCESS_TOKEN,
      baseUrl: `${url}/v1`,
      outputDir,
    }),
  apiKey: ACCESS_TOKEN,
  filteredPrompt: "A street scene with blocked-content in it",
  createPath: ":predictLongRunning",
  pollPath: POLL_PATH,
  pollMethod: "POST",
  keyVariable: "REELAY_GOOGLE_VERTEX_ACCESS_TOKEN",
});
