import type { Command } from "commander";
import { loadConfig } from "../../config.ts";

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("Start the Reelay server (API, worker, web UI) on the embedded defaults")
    .option("-p, --port <port>", "port to listen on (REELAY_PORT, default 8787)")
    .option("--host <host>", "interface to bind (REELAY_HOST, default 127.0.0.1)")
    .option("-d, --data-dir <dir>", "where the database and videos live (REELAY_DATA_DIR, default ./data)")
    .option("--no-worker", "serve HTTP only; another process runs the jobs")
    .option("--sandbox", "simulate every remote provider with its built-in fake: no keys, no real videos")
    .action(async (options: { port?: string; host?: string; dataDir?: string; worker: boolean; sandbox?: boolean }) => {
      const config = loadConfig(process.env, {
        REELAY_PORT: options.port,
        REELAY_HOST: options.host,
        REELAY_DATA_DIR: options.dataDir,
        REELAY_WORKER: options.worker ? undefined : "off",
        REELAY_SANDBOX: options.sandbox ? "true" : undefined,
      });
      // Loaded here: the gateway takes most of a second to import, which client commands need not pay.
      const { startGateway } = await import("../../gateway.ts");
      const gateway = await startGateway(config);
      process.stderr.write(`Reelay is listening on ${gateway.url} (data in ${config.dataDir})\n`);
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
    });
}
