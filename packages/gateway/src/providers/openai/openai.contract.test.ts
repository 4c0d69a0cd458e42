import { describeProviderContract } from "../provider.contract.ts";
import { createOpenAiProvider } from "./index.ts";
import { openaiModels } from "./models.ts";
import { startOpenAiFake, TEST_KEY } from "./test-support/fixtures.ts";

// Every OpenAI model runs, retired or not: the catalog retires Sora because OpenAI shut it down,
// but the adapter still drives OpenAI-compatible upstreams that serve it.
describeProviderContract({
  provider: "openai",
  models: openaiModels,
  async startFake() {
    const fake = await startOpenAiFake();
    // The adapter's base URL includes `/v1`, as OpenAI's does.
    return { url: fake.baseUrl, inject: fake.faults.inject, close: fake.close };
  },
  createAdapter: (baseUrl) => createOpenAiProvider({ apiKey: TEST_KEY, baseUrl }),
  apiKey: TEST_KEY,
  filteredPrompt: "blocked-content",
  createPath: "/videos",
  pollPath: "/videos/",
  keyVariable: "REELAY_OPENAI_API_KEY",
});
