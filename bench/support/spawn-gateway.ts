import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnChild, type Child } from "./spawn-child.ts";

export interface GatewayProcess extends Child {
  url: string;
  dataDir: string;
}

/**
 * A real Reelay gateway (SQLite, files under a fresh data dir) in its own process on 127.0.0.1.
 * `close` stops it and deletes the data dir with everything it stored.
 */
export async function spawnGateway(env: Record<string, string> = {}): Promise<GatewayProcess> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "reelay-bench-"));
  const child = await spawnChild("./gateway-process.ts", {
    REELAY_PORT: "0",
    REELAY_DATA_DIR: dataDir,
    REELAY_LOG_LEVEL: "warn",
    REELAY_ALLOW_PRIVATE_URLS: "true",
    ...env,
  }).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  return {
    ...child,
    url: String(child.ready.url),
    dataDir,
    async close() {
      try {
        await child.close();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}
