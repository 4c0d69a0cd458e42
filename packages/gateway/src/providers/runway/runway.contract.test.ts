import { describeProviderContract } from "../provider.contract.ts";
import { serveFake } from "../shared/fake-server.ts";
import { createRunwayFake } from "./fake.ts";
import { createRunwayProvider } from "./index.ts";
import { runwayModels } from "./models.ts";

const apiKey = `key_${"0123456789abcdef".repeat(8)}`;

describeProviderContract({
  provider: "runway",
  // Every active model that Runway's text_to_video endpoint takes.
  models: runwayModels.filter((model) => model.lifecycle.status === "active" && model.inputs.text),
  async startFake() {
    const fake = createRunwayFake({ apiKey, timing: { queuedMs: 50, renderMs: 200 } });
    const served = await serveFake(fake.app);
    return { url: served.url, inject: (rule) => fake.faults.inject(rule), close: () => served.close() };
  },
  createAdapter: (baseUrl) => createRunwayProvider({ apiKey, baseUrl }),
  apiKey,
  filteredPrompt: "blocked-content",
  createPath: "/v1/text_to_video",
  pollPath: "/v1/tasks/",
  keyVariable: "REELAY_RUNWAY_API_KEY",
});
