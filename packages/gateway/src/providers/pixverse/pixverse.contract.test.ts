import { describeProviderContract } from "../provider.contract.ts";
import { serveFake } from "../shared/fake-server.ts";
import { createPixverseFake, PIXVERSE_FAKE_BASE_PATH } from "./fake.ts";
import { createPixverseProvider } from "./index.ts";
import { pixverseModels } from "./models.ts";

const apiKey = "sk-pixverse-0123456789abcdef0123456789abcdef";

describeProviderContract({
  provider: "pixverse",
  // Every active model that `/video/text/generate` takes.
  models: pixverseModels.filter((model) => model.lifecycle.status === "active" && model.inputs.text),
  async startFake() {
    const fake = createPixverseFake({ apiKey, timing: { queuedMs: 50, renderMs: 200 } });
    const served = await serveFake(fake.app);
    return { url: served.url, inject: (rule) => fake.faults.inject(rule), close: () => served.close() };
  },
  // The adapter's base URL includes `/openapi/v2`, as PixVerse's does.
  createAdapter: (baseUrl) => createPixverseProvider({ apiKey, baseUrl: `${baseUrl}${PIXVERSE_FAKE_BASE_PATH}` }),
  apiKey,
  filteredPrompt: "blocked-content",
  createPath: "/video/text/generate",
  pollPath: "/video/result/",
  keyVariable: "REELAY_PIXVERSE_API_KEY",
});
