import path from "node:path";
import type { Config } from "./config.ts";
import type { ProviderId } from "./core/types.ts";
import { createGoogleProvider } from "./providers/google/index.ts";
import { createGoogleFake } from "./providers/google/fake.ts";
import { createGoogleVertexProvider } from "./providers/google-vertex/index.ts";
import { createGoogleVertexFake } from "./providers/google-vertex/fake.ts";
import { createLocalProvider } from "./providers/local/index.ts";
import { createOpenAiProvider } from "./providers/openai/index.ts";
import { createOpenAiFake } from "./providers/openai/fake.ts";
import type { ProviderAdapter } from "./providers/provider.ts";
import { createPixverseProvider } from "./providers/pixverse/index.ts";
import { createPixverseFake, PIXVERSE_FAKE_BASE_PATH } from "./providers/pixverse/fake.ts";
import { createPolloProvider } from "./providers/pollo/index.ts";
import { createPolloFake, POLLO_FAKE_WEBHOOK_SECRET } from "./providers/pollo/fake.ts";
import { createRunwayProvider } from "./providers/runway/index.ts";
import { createRunwayFake } from "./providers/runway/fake.ts";
import { createViduProvider } from "./providers/vidu/index.ts";
import { createViduFake } from "./providers/vidu/fake.ts";
import { serveFake, type FakeOptions, type FakeProvider, type ServedFake } from "./providers/shared/fake-server.ts";

/** The providers that have a fake, and how to make each one. */
export const FAKES = {
  google: createGoogleFake,
  "google-vertex": createGoogleVertexFake,
  runway: createRunwayFake,
  openai: createOpenAiFake,
  pollo: createPolloFake,
  pixverse: createPixverseFake,
  vidu: createViduFake,
} satisfies Partial<Record<ProviderId, (options: FakeOptions) => FakeProvider>>;

export type FakeProviderId = keyof typeof FAKES;

/** The key every sandbox adapter sends and every sandbox fake accepts. */
const SANDBOX_KEY = "sandbox-key";

export interface ProviderRegistry {
  adapters: Map<ProviderId, ProviderAdapter>;
  /** True when remote providers are simulated by in-process fakes. */
  sandbox: boolean;
  close(): Promise<void>;
}

function remoteAdapters(config: Config): Array<[ProviderId, ProviderAdapter]> {
  const { google, googleVertex, runway, openai, pollo, pixverse, vidu } = config.providers;
  // Videos a provider returns inline are written here until they are re-hosted.
  const outputDir = path.join(config.dataDir, "provider-outputs");
  return [
    ["google", createGoogleProvider({ ...google, outputDir })],
    ["google-vertex", createGoogleVertexProvider({ ...googleVertex, outputDir })],
    ["runway", createRunwayProvider(runway)],
    ["openai", createOpenAiProvider(openai)],
    ["pollo", createPolloProvider(pollo)],
    ["pixverse", createPixverseProvider(pixverse)],
    ["vidu", createViduProvider(vidu)],
  ];
}

/**
 * Every adapter this build has, configured from the environment. In sandbox mode each remote
 * provider with a fake is served in-process on 127.0.0.1 and its adapter pointed at it, so the
 * whole product runs without keys (and says that results are simulated).
 */
export async function createProviderRegistry(
  config: Config,
  sandbox: boolean,
  onLocalRenderEnded?: (renderId: string) => void,
): Promise<ProviderRegistry> {
  const local = createLocalProvider({
    outputDir: path.join(config.dataDir, "renders"),
    concurrency: config.localRenderConcurrency,
    ...(onLocalRenderEnded ? { onRenderEnded: onLocalRenderEnded } : {}),
  });
  if (!sandbox) {
    return { adapters: new Map([["local", local], ...remoteAdapters(config)]), sandbox, close: async () => undefined };
  }
  const served: ServedFake[] = [];
  const fakes: FakeProvider[] = [];
  const urlOf = async (id: FakeProviderId) => {
    const fake = FAKES[id]({ apiKey: SANDBOX_KEY });
    fakes.push(fake);
    const server = await serveFake(fake.app);
    served.push(server);
    return server.url;
  };
  const sandboxConfig: Config = {
    ...config,
    providers: {
      ...config.providers,
      google: { apiKey: SANDBOX_KEY, baseUrl: `${await urlOf("google")}/v1beta` },
      googleVertex: {
        accessToken: SANDBOX_KEY,
        project: "reelay-sandbox",
        location: "us-central1",
        baseUrl: `${await urlOf("google-vertex")}/v1`,
      },
      runway: { apiKey: SANDBOX_KEY, baseUrl: await urlOf("runway") },
      openai: { apiKey: SANDBOX_KEY, baseUrl: `${await urlOf("openai")}/v1` },
      // Pollo's fake signs the callbacks it sends (with REELAY_PROVIDER_CALLBACKS=on) with this secret.
      pollo: { apiKey: SANDBOX_KEY, baseUrl: await urlOf("pollo"), webhookSecret: POLLO_FAKE_WEBHOOK_SECRET },
      pixverse: { apiKey: SANDBOX_KEY, baseUrl: `${await urlOf("pixverse")}${PIXVERSE_FAKE_BASE_PATH}` },
      vidu: { apiKey: SANDBOX_KEY, baseUrl: `${await urlOf("vidu")}/ent/v2` },
    },
  };
  return {
    adapters: new Map([["local", local], ...remoteAdapters(sandboxConfig)]),
    sandbox,
    close: async () => {
      await Promise.all(served.map((server) => server.close()));
      for (const fake of fakes) fake.close?.();
    },
  };
}
