import { describeProviderContract } from "../provider.contract.ts";
import { serveFake } from "../shared/fake-server.ts";
import { createGoogleFake } from "./fake.ts";
import { createGoogleProvider } from "./index.ts";
import { googleModels } from "./models.ts";

const API_KEY = "gemini-contract-key-7f3a";

describeProviderContract({
  provider: "google",
  // Only Veo 2 is not retired on the Gemini API (and it is deprecated there).
  models: googleModels.filter((model) => model.lifecycle.status !== "retired" && model.inputs.text),
  async startFake() {
    const fake = createGoogleFake({ apiKey: API_KEY, timing: { queuedMs: 50, renderMs: 150 } });
    const served = await serveFake(fake.app);
    return { url: served.url, inject: (rule) => fake.faults.inject(rule), close: served.close };
  },
  createAdapter: (url) => createGoogleProvider({ apiKey: API_KEY, baseUrl: `${url}/v1beta` }),
  apiKey: API_KEY,
  filteredPrompt: "A street scene with blocked-content in it",
  createPath: ":predictLongRunning",
  pollPath: "/operations/",
  keyVariable: "REELAY_GOOGLE_API_KEY",
});
