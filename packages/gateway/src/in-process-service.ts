import { createVideoGenerationService as createHttpService, Reelay, type VideoGenerationService } from "@reelay/client";
import type { Logger } from "pino";
import { loadConfig } from "./config.ts";
import { startGateway, type Gateway } from "./gateway.ts";

export interface InProcessServiceOptions {
  /** Where the SQLite file and the videos live; `REELAY_DATA_DIR` or `./data` by default. */
  dataDir?: string;
  /**
   * Settings as `REELAY_*` variables (provider keys, limits, …); `process.env` by default. The
   * embedded server listens on `REELAY_PORT`, a free port on 127.0.0.1 by default, so the
   * `videoUrl`s it hands out can be played; the service's own calls never use the socket.
   */
  environment?: Record<string, string | undefined>;
  /** Where the gateway logs; pino on stdout at `REELAY_LOG_LEVEL` (`warn` by default) otherwise. */
  logger?: Logger;
}

/** Every method of the service; the in-process one forwards each to the running gateway. */
const METHODS = [
  "generateVideoFromText",
  "generateVideoFromImage",
  "checkTaskStatus",
  "pollTaskUntilComplete",
  "cancelTask",
  "downloadVideo",
  "listModels",
] as const satisfies ReadonlyArray<Exclude<keyof VideoGenerationService, "close">>;

/**
 * The client SDK's `VideoGenerationService` over an embedded gateway (SQLite file, worker,
 * providers from the environment), for Node apps that do not want a separate server. Same method
 * names and types as `createVideoGenerationService` of `@reelay/client`, so code moves between the
 * two by changing the import. The gateway starts at once in the background; calls wait for it, and
 * a failed start (bad configuration) rejects every call with the reason. `close()` stops it.
 */
export function createVideoGenerationService(options: InProcessServiceOptions = {}): VideoGenerationService {
  const environment = options.environment ?? process.env;
  const started: Promise<{ gateway: Gateway; service: VideoGenerationService }> = (async () => {
    const config = loadConfig({
      ...environment,
      REELAY_PORT: environment.REELAY_PORT ?? "0",
      // An embedded gateway speaks up only when something is wrong, unless told otherwise.
      REELAY_LOG_LEVEL: environment.REELAY_LOG_LEVEL ?? "warn",
      ...(options.dataDir === undefined ? {} : { REELAY_DATA_DIR: options.dataDir }),
    });
    const gateway = await startGateway(config, options.logger === undefined ? {} : { logger: options.logger });
    // Requests go straight to the gateway's router: no socket, no HTTP parsing, same routes.
    const inProcessFetch = (async (input: RequestInfo | URL, init?: RequestInit) =>
      gateway.fetch(new Request(input, init))) as typeof fetch;
    const client = new Reelay({ baseUrl: gateway.url, fetch: inProcessFetch });
    return { gateway, service: createHttpService({ client }) };
  })();
  // A start failure surfaces on the first call, not as an unhandled rejection.
  started.catch(() => undefined);

  const forward = <Name extends (typeof METHODS)[number]>(name: Name) =>
    (async (...args: unknown[]) => {
      const { service } = await started;
      return (service[name] as (...parameters: unknown[]) => Promise<unknown>)(...args);
    }) as VideoGenerationService[Name];

  const service = Object.fromEntries(METHODS.map((name) => [name, forward(name)])) as Omit<
    VideoGenerationService,
    "close"
  >;
  return {
    ...service,
    async close() {
      const { gateway } = await started.catch(() => ({ gateway: null }));
      await gateway?.close();
    },
  };
}
