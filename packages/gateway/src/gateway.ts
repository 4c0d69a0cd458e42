import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import type { Logger } from "pino";
import { createCatalog } from "./catalog/catalog.ts";
import { ConfigError, type Config } from "./config.ts";
import { systemClock, type Clock } from "./core/clock.ts";
import type { ModelSpec, RequestCheck } from "./core/model-spec.ts";
import type { JobRequestInput, ProviderId, ValidationIssue } from "./core/types.ts";
import { createApp } from "./http/app.ts";
import { createJobService } from "./jobs/job-service.ts";
import type { JobStore } from "./jobs/job-store.ts";
import { openSqliteJobStore } from "./jobs/sqlite-job-store.ts";
import { createWorker, type Worker } from "./jobs/worker.ts";
import { DEFAULT_BACKOFF } from "./jobs/backoff.ts";
import { createLogger } from "./logger.ts";
import { createFileMediaStore } from "./media/file-media-store.ts";
import { createOutputRehoster } from "./media/rehost-output.ts";
import { ALL_MODEL_SPECS } from "./providers/all-models.ts";
import { createLocalProvider } from "./providers/local/index.ts";
import type { ProviderAdapter } from "./providers/provider.ts";

import { VERSION } from "./version.ts";

/** The one tenant until API keys and tenants arrive. */
const DEFAULT_TENANT = "default";

export interface GatewayOptions {
  logger?: Logger;
  clock?: Clock;
  fetch?: typeof fetch;
}

export interface Gateway {
  /** Base URL the server listens on, e.g. `http://127.0.0.1:8787`. */
  url: string;
  store: JobStore;
  worker: Worker | null;
  close(): Promise<void>;
}

/** `REELAY_DATABASE_URL` → SQLite file path. PostgreSQL support is a later addition. */
function sqlitePath(config: Config): string {
  const url = config.databaseUrl;
  if (url === undefined) return path.join(config.dataDir, "reelay.db");
  if (/^postgres(ql)?:/i.test(url)) {
    throw new ConfigError(
      "REELAY_DATABASE_URL: PostgreSQL is not supported by this version yet; leave it unset to use SQLite.",
    );
  }
  return path.resolve(url.replace(/^sqlite:(\/\/)?/i, ""));
}

/** Composition root: builds every part from the configuration and starts HTTP and the worker. */
export async function startGateway(config: Config, options: GatewayOptions = {}): Promise<Gateway> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const fetchImpl = options.fetch ?? fetch;
  await mkdir(config.dataDir, { recursive: true });

  const store = openSqliteJobStore(sqlitePath(config));
  const catalog = createCatalog(ALL_MODEL_SPECS);
  const adapters = new Map<ProviderId, ProviderAdapter>([
    [
      "local",
      createLocalProvider({
        outputDir: path.join(config.dataDir, "renders"),
        concurrency: config.localRenderConcurrency,
      }),
    ],
  ]);
  const media = createFileMediaStore(path.join(config.dataDir, "media"));
  const rehoster = createOutputRehoster({
    store: media,
    fetch: fetchImpl,
    maxBytes: config.maxOutputBytes,
    timeoutMs: 10 * 60_000,
  });

  function unavailableReason(spec: ModelSpec): string | null {
    if (spec.lifecycle.status === "retired") {
      const replacement = spec.lifecycle.replacement ? `; use ${spec.lifecycle.replacement}` : "";
      return `retired${spec.lifecycle.since ? ` on ${spec.lifecycle.since}` : ""}${replacement}`;
    }
    const adapter = adapters.get(spec.provider);
    if (adapter === undefined) return `the ${spec.provider} adapter is not part of this version of Reelay yet`;
    return adapter.unavailableReason();
  }

  /** The catalog's verdict plus the adapter's on `providerOptions`, every problem together. */
  function checkRequest(input: JobRequestInput): RequestCheck {
    const check = catalog.validate(input);
    const spec = check.ok ? check.spec : catalog.get(input.model);
    const providerOptions = input.providerOptions ?? {};
    if (spec === undefined || Object.keys(providerOptions).length === 0) return check;
    const adapter = adapters.get(spec.provider);
    const issues: ValidationIssue[] = adapter?.checkProviderOptions
      ? adapter.checkProviderOptions(providerOptions, spec)
      : [
          {
            field: "providerOptions",
            code: "unsupported_field",
            message: `${spec.id} takes no provider options; remove ${Object.keys(providerOptions).join(", ")}.`,
          },
        ];
    if (issues.length === 0) return check;
    return check.ok ? { ok: false, issues } : { ...check, issues: [...check.issues, ...issues] };
  }

  const worker = config.worker.enabled
    ? createWorker({
        store,
        clock,
        fetch: fetchImpl,
        logger,
        backoff: DEFAULT_BACKOFF,
        maxDownloadAttempts: 8,
        maxPollErrors: 10,
        maxSubmitAttempts: 5,
        callTimeoutMs: 60_000,
        concurrency: config.worker.concurrency,
        leaseMs: 30_000,
        idleMs: 1_000,
        rehoster,
        resolveModel(modelId) {
          const spec = catalog.get(modelId);
          const adapter = spec && adapters.get(spec.provider);
          return spec && adapter ? { spec, adapter } : null;
        },
      })
    : null;

  const jobs = createJobService({
    store,
    clock,
    checkRequest,
    unavailableReason,
    defaultDeadlineSeconds: config.jobDeadlineSeconds,
    onJobQueued: () => worker?.wake(),
  });

  const app = createApp({
    logger,
    maxBodyBytes: config.maxBodyBytes,
    version: VERSION,
    jobs,
    media,
    publicUrl: config.publicUrl ?? "",
    tenantOf: () => DEFAULT_TENANT,
    models: () => catalog.list(),
    model: (id) => catalog.get(id),
    unavailableReason,
    notReadyReason: async () => {
      try {
        await store.nextDueAt();
        return null;
      } catch (error) {
        return `database unreachable: ${error instanceof Error ? error.message : String(error)}`;
      }
    },
  });

  const server = await new Promise<ServerType>((resolve, reject) => {
    const instance = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolve(instance));
    instance.once("error", reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  worker?.start();
  logger.info({ url, dataDir: config.dataDir, worker: worker !== null }, "reelay listening");

  return {
    url,
    store,
    worker,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await worker?.stop();
      await Promise.all([...adapters.values()].map((adapter) => adapter.close?.()));
      await store.close();
    },
  };
}
