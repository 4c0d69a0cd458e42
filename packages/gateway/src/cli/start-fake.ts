import { FAKES, type FakeProviderId } from "../provider-registry.ts";
import { PIXVERSE_FAKE_BASE_PATH } from "../providers/pixverse/fake.ts";
import { serveFake } from "../providers/shared/fake-server.ts";

/** What to export so `reelay serve` talks to a fake instead of the real provider. */
export const FAKE_SETTINGS: Record<FakeProviderId, (url: string, key: string) => string[]> = {
  google: (url, key) => [`REELAY_GOOGLE_BASE_URL=${url}/v1beta`, `REELAY_GOOGLE_API_KEY=${key}`],
  "google-vertex": (url, key) => [
    `REELAY_GOOGLE_VERTEX_BASE_URL=${url}/v1`,
    `REELAY_GOOGLE_VERTEX_ACCESS_TOKEN=${key}`,
    "REELAY_GOOGLE_VERTEX_PROJECT=reelay-fake",
    "REELAY_GOOGLE_VERTEX_LOCATION=us-central1",
  ],
  runway: (url, key) => [`REELAY_RUNWAY_BASE_URL=${url}`, `REELAY_RUNWAY_API_KEY=${key}`],
  openai: (url, key) => [`REELAY_OPENAI_BASE_URL=${url}/v1`, `REELAY_OPENAI_API_KEY=${key}`],
  pollo: (url, key) => [`REELAY_POLLO_BASE_URL=${url}`, `REELAY_POLLO_API_KEY=${key}`],
  pixverse: (url, key) => [
    `REELAY_PIXVERSE_BASE_URL=${url}${PIXVERSE_FAKE_BASE_PATH}`,
    `REELAY_PIXVERSE_API_KEY=${key}`,
  ],
  vidu: (url, key) => [`REELAY_VIDU_BASE_URL=${url}/ent/v2`, `REELAY_VIDU_API_KEY=${key}`],
};

export interface FakeServerOptions {
  port: number;
  host: string;
  /** The only API key the fake accepts. */
  key: string;
  renderMs: number;
  outputTtlMs: number;
}

/** Serves a provider's fake API until SIGINT or SIGTERM, printing the settings that point Reelay at it. */
export async function startFake(id: FakeProviderId, options: FakeServerOptions): Promise<void> {
  const fake = FAKES[id]({
    apiKey: options.key,
    timing: { queuedMs: 500, renderMs: options.renderMs },
    outputTtlMs: options.outputTtlMs,
  });
  const served = await serveFake(fake.app, options.port, options.host);
  process.stderr.write(`Fake ${id} API on ${served.url}. Point Reelay at it with:\n`);
  process.stdout.write(`${FAKE_SETTINGS[id](served.url, options.key).join("\n")}\n`);
  const stop = async () => {
    await served.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
