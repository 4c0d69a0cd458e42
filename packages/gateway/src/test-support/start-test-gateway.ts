import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Logger } from "pino";
import { loadConfig } from "../config.ts";
import { startGateway, type Gateway } from "../gateway.ts";
import { testLogger } from "./test-log.ts";

export interface TestGateway extends Gateway {
  dataDir: string;
  /** Closes the gateway and removes its data directory. */
  dispose(): Promise<void>;
}

/**
 * A real gateway on 127.0.0.1 with a random port and a fresh data directory. It logs at `debug` to
 * the test file's log under `test-artifacts/logs/` (see `test-log.ts`) unless given a `logger`.
 */
export async function startTestGateway(
  environment: Record<string, string> = {},
  logger: Logger = testLogger(),
): Promise<TestGateway> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "reelay-test-"));
  const config = loadConfig({ REELAY_PORT: "0", REELAY_DATA_DIR: dataDir, ...environment });
  const gateway = await startGateway(config, { logger });
  return {
    ...gateway,
    dataDir,
    async dispose() {
      await gateway.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
