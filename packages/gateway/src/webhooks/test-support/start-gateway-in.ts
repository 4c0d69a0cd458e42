import { loadConfig } from "../../config.ts";
import { startGateway, type Gateway, type GatewayOptions } from "../../gateway.ts";
import { testLogger } from "../../test-support/test-log.ts";

/**
 * A real gateway on 127.0.0.1 with a random port, on a data directory the test owns (for restarts),
 * logging to the test file's log.
 */
export async function startGatewayIn(
  dataDir: string,
  environment: Record<string, string>,
  options: GatewayOptions = {},
): Promise<Gateway> {
  const config = loadConfig({ REELAY_PORT: "0", REELAY_DATA_DIR: dataDir, ...environment });
  return startGateway(config, { logger: testLogger(), ...options });
}

/** Creates a short `local/preview` job (about a second of rendering); returns its id. */
export async function createQuickJob(baseUrl: string, fields: Record<string, unknown> = {}): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/jobs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: "local/preview",
      prompt: "a paper boat on a pond",
      durationSeconds: 1,
      resolution: "360p",
      ...fields,
    }),
  });
  if (response.status !== 202) throw new Error(`create answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}
