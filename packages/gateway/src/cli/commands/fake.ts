import type { Command } from "commander";
import type { FakeProviderId } from "../../provider-registry.ts";
import { CliError } from "../cli-error.ts";
import { EXIT } from "../exit-codes.ts";

// A record, so the compiler checks it names every fake. The fakes themselves load only when one is
// started: importing them takes most of a second, which every other command would pay for.
const FAKE_PROVIDERS: Record<FakeProviderId, true> = {
  google: true,
  "google-vertex": true,
  runway: true,
  openai: true,
  pollo: true,
  pixverse: true,
  vidu: true,
};
const FAKE_IDS = Object.keys(FAKE_PROVIDERS);

function isFakeProvider(value: string): value is FakeProviderId {
  return Object.hasOwn(FAKE_PROVIDERS, value);
}

function positiveNumber(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0)
    throw new CliError(`--${name} must be a number ≥ 0, got "${value}".`, EXIT.rejected);
  return parsed;
}

export function registerFake(program: Command): void {
  program
    .command("fake")
    .description(`Serve a provider's fake API on this machine (${FAKE_IDS.join(", ")})`)
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
        if (!isFakeProvider(provider)) {
          throw new CliError(`No fake for "${provider}"; choose one of ${FAKE_IDS.join(", ")}.`, EXIT.rejected);
        }
        const { startFake } = await import("../start-fake.ts");
        await startFake(provider, {
          port: positiveNumber("port", options.port),
          host: options.host,
          key: options.key,
          renderMs: positiveNumber("render-seconds", options.renderSeconds) * 1000,
          outputTtlMs: positiveNumber("output-ttl-seconds", options.outputTtlSeconds) * 1000,
        });
      },
    );
}
