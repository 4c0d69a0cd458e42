import { describeProviderContract } from "../provider.contract.ts";
import { serveFake } from "../shared/fake-server.ts";
import { createPolloFake } from "./fake.ts";
import { createPolloProvider } from "./index.ts";
import { polloModels } from "./models.ts";

const apiKey = `pollo_${"0123456789abcdef".repeat(4)}`;

describeProviderContract({
  provider: "pollo",
  // The active text-to-video models (the Veo routes; Sora is retired upstream).
  models: polloModels.filter((model) => model.lifecycle.status === "active" && model.inputs.text),
  async startFake() {
    const fake = createPolloFake({ apiKey, timing: { queuedMs: 50, renderMs: 200 } });
    const served = await serveFake(fake.app);
    return { url: served.url, inject: (rule) => fake.faults.inject(rule), close: () => served.close() };
  },
  createAdapter: (baseUrl) => createPolloProvider({ apiKey, baseUrl }),
  apiKey,
  filteredPrompt: "blocked-content",
  createPath: "/generation/google/",
  pollPath: "/status",
  keyVariable: "REELAY_POLLO_API_KEY",
});
