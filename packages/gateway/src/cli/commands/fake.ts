import type { Command } from "commander";
import { FAKES, type FakeProviderId } from "../../provider-registry.ts";
import { PIXVERSE_FAKE_BASE_PATH } from "../../providers/pixverse/fake.ts";
import { serveFake } from "../../providers/shared/fake-server.ts";
import { CliError } from "../cli-error.ts";
import { EXIT } from "../exit-codes.ts";

/** What to export so `reelay serve` talks to a fake instead of the real provider. */
const SETTINGS: Record<FakeProviderId, (url: string, key: string) => string[]> = {
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

function positiveNumber(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0)
    throw new CliError(`--${name} must be a number ≥ 0, got "${value}".`, EXIT.rejected);
  return parsed;
}

export function registerFake(program: Command): void {
  program
    .command("fake")
    .description(`Serve a provider's fake API on this machine (${Object.keys(FAKES).join(", ")})`)
    .argument("<provider>", "which provider to simulate")
    .option("-p, --port <port>", "port to listen on", "0")
    .option("--host <host>", "interface to bind", "127.0.0.1")
    .option("--key <key>", "the only API key the fake accepts", "fake-key")
    .option("--render-seconds <n>", "how long each generation takes", "5")
    .option("--output-ttl-seconds <n>", "how long output URLs stay valid", "3600")
    .action(
      async (
        provider: string,
        options: { port: string; host: string; key: string; renderSeconds: string; outputTtlSeconds: string },
      ) => {
        if (!(provider in FAKES)) {
          throw new CliError(
            `No fake for "${provider}"; choose one of ${Object.keys(FAKES).join(", ")}.`,
            EXIT.rejected,
          );
        }
        const id = provider as FakeProviderId;
        const fake = FAKES[id]({
          apiKey: options.key,
          timing: { queuedMs: 500, renderMs: positiveNumber("render-seconds", options.renderSeconds) * 1000 },
          outputTtlMs: positiveNumber("output-ttl-seconds", options.outputTtlSeconds) * 1000,
        });
        const served = await serveFake(fake.app, positiveNumber("port", options.port), options.host);
        process.stderr.write(`Fake ${id} API on ${served.url}. Point Reelay at it with:\n`);
        process.stdout.write(`${SETTINGS[id](served.url, options.key).join("\n")}\n`);
        const stop = async () => {
          await served.close();
          process.exit(0);
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      },
    );
}
