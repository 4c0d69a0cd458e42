import { describeProviderContract } from "../provider.contract.ts";
import { serveFake } from "../shared/fake-server.ts";
import { createViduFake } from "./fake.ts";
import { createViduProvider } from "./index.ts";
import { viduModels } from "./models.ts";

const apiKey = "vda_contract_key_0123456789abcdef";

describeProviderContract({
  provider: "vidu",
  // Every active model that Vidu's text2video route takes.
  models: viduModels.filter((model) => model.lifecycle.status === "active" && model.inputs.text),
  async startFake() {
    const fake = createViduFake({ apiKey, timing: { queuedMs: 50, renderMs: 200 } });
    const served = await serveFake(fake.app);
    return { url: served.url, inject: (rule) => fake.faults.inject(rule), close: () => served.close() };
  },
  // The real base URL ends in /ent/v2; the fake answers there too.
  createAdapter: (baseUrl) => createViduProvider({ apiKey, baseUrl: `${baseUrl}/ent/v2` }),
  apiKey,
  filteredPrompt: "blocked-content",
  createPath: "/text2video",
  pollPath: "/tasks/",
  keyVariable: "REELAY_VIDU_API_KEY",
});
