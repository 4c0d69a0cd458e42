import type { Command } from "commander";
import { loadConfig, type ConfigOverrides } from "../../config.ts";

interface RoleOptions {
  dataDir?: string;
  sandbox?: boolean;
}

/** Starts the gateway with `overrides` and stops it cleanly on Ctrl-C or SIGTERM. */
async function run(overrides: ConfigOverrides, describe: (url: string, dataDir: string) => string): Promise<void> {
  const config = loadConfig(process.env, overrides);
  // Loaded here: the gateway takes most of a second to import, which client commands need not pay.
  const { startGateway } = await import("../../gateway.ts");
  const gateway = await startGateway(config);
  process.stderr.write(`${describe(gateway.url, config.dataDir)}\n`);
  if (config.sandbox) {
    process.stderr.write("SANDBOX: remote providers are simulated by local fakes; their videos are not real.\n");
  }
  const shutdown = async () => {
    process.stderr.write("Stopping Reelay…\n");
    await gateway.close();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("Start the Reelay server (API, worker, web UI) on the embedded defaults")
    .option("-p, --port <port>", "port to listen on (REELAY_PORT, default 8787)")
    .option("--host <host>", "interface to bind (REELAY_HOST, default 127.0.0.1)")
    .option("-d, --data-dir <dir>", "where the database and videos live (REELAY_DATA_DIR, default ./data)")
    .option("--no-worker", "serve HTTP only; `reelay worker` processes run the jobs")
    .option("--sandbox", "simulate every remote provider with its built-in fake: no keys, no real videos")
    .action(async (options: RoleOptions & { port?: string; host?: string; worker: boolean }) => {
      await run(
        {
          REELAY_PORT: options.port,
          REELAY_HOST: options.host,
          REELAY_DATA_DIR: options.dataDir,
          REELAY_WORKER: options.worker ? undefined : "off",
          REELAY_SANDBOX: options.sandbox ? "true" : undefined,
        },
        (url, dataDir) => `Reelay is listening on ${url} (data in ${dataDir})`,
      );
    });

  program
    .command("worker")
    .description("Run jobs and send webhooks without serving HTTP, beside `reelay serve --no-worker` processes")
    .option("-d, --data-dir <dir>", "where local data lives (REELAY_DATA_DIR, default ./data)")
    .option("--sandbox", "simulate every remote provider with its built-in fake: no keys, no real videos")
    .action(async (options: RoleOptions) => {
      await run(
        {
          REELAY_HTTP: "off",
          REELAY_DATA_DIR: options.dataDir,
          REELAY_SANDBOX: options.sandbox ? "true" : undefined,
        },
        (_url, dataDir) => `Reelay worker is running (data in ${dataDir})`,
      );
    });
}
