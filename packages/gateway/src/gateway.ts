import { setMaxListeners } from "node:events";
import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import type { Logger } from "pino";
import sharp from "sharp";
import { createCallbackReceiver } from "./callbacks/callback-receiver.ts";
import { createCatalog } from "./catalog/catalog.ts";
import { expectedRenderSeconds } from "./catalog/quote.ts";
import { ConfigError, type Config } from "./config.ts";
import { systemClock, type Clock } from "./core/clock.ts";
import type { ProviderId, StoredVideo } from "./core/types.ts";
import { deploymentModels } from "./deployment-models.ts";
import { createJobEventFeed } from "./events/job-event-feed.ts";
import { createApp } from "./http/app.ts";
import { jobMediaLinks, signedMediaTenant } from "./http/job-media-links.ts";
import { createImageInputs } from "./image-inputs.ts";
import { DEFAULT_BACKOFF } from "./jobs/backoff.ts";
import { createJobService } from "./jobs/job-service.ts";
import type { JobStore } from "./jobs/job-store.ts";
import { createVideoRetention } from "./jobs/video-retention.ts";
import { createWorker, type Worker } from "./jobs/worker.ts";
import { createLogger } from "./logger.ts";
import { createFileMediaStore } from "./media/file-media-store.ts";
import { inputImageUrl } from "./media/input-image-url.ts";
import { createS3MediaStore } from "./media/s3-media-store.ts";
import { spritesheetKey } from "./media/make-spritesheet.ts";
import { loadMediaSecret } from "./media/media-secret.ts";
import { createOutputRehoster } from "./media/rehost-output.ts";
import { createUrlSigner, type UrlSigner } from "./media/signed-url.ts";
import { createModelRouter } from "./model-router.ts";
import { countingMediaStore } from "./observability/counting-media-store.ts";
import { createGatewayMetrics } from "./observability/gateway-metrics.ts";
import { createJobObserver } from "./observability/job-observer.ts";
import { createMetricsAccess } from "./observability/metrics-access.ts";
import { createMetricsApp } from "./observability/metrics-app.ts";
import { createSafeFetch, isPublicAddress, type AddressPolicy } from "./net/safe-fetch.ts";
import { createPresetService } from "./presets/preset-service.ts";
import { createCompatModels } from "./openai-compat/model-aliases.ts";
import { ALL_MODEL_SPECS } from "./providers/all-models.ts";
import { createProviderRegistry } from "./provider-registry.ts";
import { openStores } from "./stores/stores.ts";
import { createImagePreparer } from "./uploads/image-preparer.ts";
import { createUploadService } from "./uploads/upload-service.ts";
import { createAccess } from "./tenants/access.ts";
import { isLoopbackHost } from "./tenants/loopback-host.ts";
import { VERSION } from "./version.ts";
import { createWebhooks } from "./webhooks/webhooks.ts";

/**
 * Formats no input image may ever be decoded as, refused by libvips itself for the whole process:
 * a second line of defence behind the upload sniffing (SVG and PDF can reference other files).
 */
const BLOCKED_IMAGE_LOADERS = ["VipsForeignLoadSvg", "VipsForeignLoadPdf", "VipsForeignLoadMagick"];

/** Time between looks for videos past their retention. */
const RETENTION_INTERVAL_MS = 3_600_000;

/** Longest time before an event stream sees an event written by another process. */
const EVENT_POLL_MS = 1_000;

/** How long a DELETE of a running job waits for the worker to stop it (upstream too) before answering 409. */
const DELETE_STOP_WAIT_MS = 10_000;

export interface GatewayOptions {
  logger?: Logger;
  clock?: Clock;
  /** `fetch` for provider API calls (fakes in tests). */
  fetch?: typeof fetch;
  /** Waits before each retry of a failed webhook delivery (tests shorten the day-long default). */
  webhookRetryScheduleMs?: readonly number[];
}

export interface Gateway {
  /** Base URL the server listens on, e.g. `http://127.0.0.1:8787`. */
  url: string;
  /** Answers a request in this process, without a socket: the same routes as `url`. */
  fetch(request: Request): Promise<Response>;
  store: JobStore;
  worker: Worker | null;
  /** Signs media URLs for this server (embedding apps and tests). */
  signer: UrlSigner;
  /** Base URL of the metrics-only listener (`REELAY_METRICS_PORT`), or null without one. */
  metricsUrl: string | null;
  close(): Promise<void>;
}

/** Starts plain HTTP/1.1 (`serve` makes an http2 server only when asked to). */
function listen(fetch: (request: Request) => Response | Promise<Response>, hostname: string, port: number) {
  return new Promise<Server>((resolve, reject) => {
    const instance = serve({ fetch, hostname, port }, () => resolve(instance as Server));
    instance.once("error", reject);
  });
}

/** `http://127.0.0.1:8787`, as a client reaches the server. */
function serverUrl(server: Server): string {
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * Stops taking connections and waits for requests in flight. Open event streams end first (the
 * caller aborts them); their connections turn idle a moment later and are closed then.
 */
function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    const closeIdle = setInterval(() => server.closeIdleConnections(), 50);
    server.close(() => {
      clearInterval(closeIdle);
      resolve();
    });
  });
}

/** Composition root: builds every part from the configuration and starts HTTP and the worker. */
export async function startGateway(config: Config, options: GatewayOptions = {}): Promise<Gateway> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const providerFetch = options.fetch ?? fetch;
  // Every URL Reelay did not make itself (image URLs, provider outputs, callers' webhook URLs) may
  // reach only these addresses. The sandbox's fakes serve their outputs from 127.0.0.1, so the
  // sandbox lets that one address in.
  const isAllowedAddress: AddressPolicy = config.allowPrivateUrls
    ? () => true
    : (address) => isPublicAddress(address) || (config.sandbox && address === "127.0.0.1");
  const safeFetch = createSafeFetch({ isAllowedAddress });
  await mkdir(config.dataDir, { recursive: true });
  sharp.block({ operation: BLOCKED_IMAGE_LOADERS });

  const catalog = createCatalog(deploymentModels(ALL_MODEL_SPECS, config));
  const compatModels = createCompatModels(config.openAiCompat);
  const unknownModels = compatModels.targets.filter((id) => catalog.get(id) === undefined);
  if (unknownModels.length > 0) {
    throw new ConfigError(
      `REELAY_COMPAT_MODEL_ALIASES / REELAY_COMPAT_DEFAULT_MODEL: no model ${unknownModels.join(", ")}; GET /api/v1/models lists them.`,
    );
  }
  const stores = await openStores(config.database, config.dataDir);
  const { tenants } = stores;
  const loopbackOnly = isLoopbackHost(config.host);
  if (config.http && !loopbackOnly && !(await tenants.hasActiveKeys())) {
    await stores.close();
    throw new ConfigError(
      `REELAY_HOST=${config.host} is not a loopback address and there is no API key, so anyone who reaches the server could use it. Create a key first (reelay keys create --tenant NAME), or listen on 127.0.0.1.`,
    );
  }
  const store = stores.jobs;
  const metrics = createGatewayMetrics({ jobs: store, clock });
  const observer = createJobObserver({ timeline: stores.timeline, metrics, logger });
  // A finished local render is polled at once, as a provider's callback would make it.
  const providers = await createProviderRegistry(config, config.sandbox, (renderId) => {
    store
      .pollNow("local", renderId, clock.now())
      .then((due) => {
        if (due.length > 0) worker?.wake();
      })
      .catch((error: unknown) => logger.warn({ err: error }, "could not bring a finished render's poll forward"));
  });
  const router = createModelRouter(catalog, providers.adapters);
  const media = countingMediaStore(
    config.s3 === undefined ? createFileMediaStore(path.join(config.dataDir, "media")) : createS3MediaStore(config.s3),
    metrics.stored,
  );
  let publicUrl = config.publicUrl ?? "";
  const signer = createUrlSigner(await loadMediaSecret(stores.secrets, config.mediaSecret), () => publicUrl);
  const access = createAccess({
    tenants,
    loopbackOnly,
    limiter: stores.rateLimiter,
    clock,
    signedMediaTenant: (request) => signedMediaTenant(request, signer, clock.now()),
  });
  const callbackUrl = (provider: ProviderId) => `${publicUrl}/callbacks/${provider}`;
  const uploadService = createUploadService({
    uploads: stores.uploads,
    media,
    clock,
    safeFetch,
    limits: { maxBytes: config.maxUploadBytes, maxPixels: config.maxImagePixels },
  });
  const inputUrl = inputImageUrl({ media, signer, presign: config.s3?.presignInputs ?? false, now: () => clock.now() });
  const preparer = createImagePreparer({ media, inputUrl });
  const images = createImageInputs(uploadService, preparer);
  const webhooks = await createWebhooks({
    store: stores.webhooks,
    jobStore: store,
    settings: config.webhooks,
    secrets: stores.secrets,
    deliver: config.worker.enabled,
    isAllowedAddress,
    mediaLinks: async (nowMs) => jobMediaLinks(publicUrl, (await tenants.hasActiveKeys()) ? { signer, nowMs } : null),
    clock,
    logger,
    userAgent: `Reelay-Webhooks/${VERSION}`,
    retryScheduleMs: options.webhookRetryScheduleMs,
    onAttempt: observer.webhookAttempt,
  });

  const worker = config.worker.enabled
    ? createWorker({
        store,
        clock,
        fetch: providerFetch,
        logger,
        backoff: DEFAULT_BACKOFF,
        maxDownloadAttempts: 8,
        maxPollErrors: 10,
        maxSubmitAttempts: 5,
        callTimeoutMs: config.providerTimeoutSeconds * 1000,
        concurrency: config.worker.concurrency,
        leaseMs: config.worker.leaseSeconds * 1000,
        idleMs: 1_000,
        rehoster: createOutputRehoster({
          store: media,
          fetch: safeFetch,
          maxBytes: config.maxOutputBytes,
          timeoutMs: 600_000,
        }),
        resolveModel: router.resolveModel,
        renderHistory: stores.renderHistory,
        typicalRenderSeconds: expectedRenderSeconds,
        openImage: preparer.open,
        callbackUrl: (provider) => (config.providerCallbacks ? callbackUrl(provider) : null),
        telemetry: observer,
      })
    : null;

  /** A stored video and every file made from it. */
  const deleteVideoFiles = async (video: StoredVideo) => {
    await Promise.all([video.key, video.thumbnailKey, spritesheetKey(video)].map((key) => media.delete(key)));
  };

  // Runs where the worker runs; several processes purging the same video is harmless.
  const retention =
    config.worker.enabled && config.retentionDays !== undefined
      ? createVideoRetention({
          store,
          deleteVideoFiles,
          clock,
          logger,
          retentionMs: config.retentionDays * 86_400_000,
          intervalMs: RETENTION_INTERVAL_MS,
        })
      : null;

  const presets = createPresetService({
    stores: stores.presets,
    clock,
    findModel: (id) => catalog.get(id),
    checkRequest: (input) => router.checkRequest(input, {}),
  });

  const jobs = createJobService({
    store,
    clock,
    resolveRequest: presets.resolveRequest,
    checkRequest: router.checkRequest,
    unavailableReason: router.unavailableReason,
    images,
    checkWebhookUrl: webhooks.checkUrl,
    defaultDeadlineSeconds: config.jobDeadlineSeconds,
    sandbox: config.sandbox,
    onJobQueued: () => worker?.wake(),
    deleteVideoFiles,
    stopWaitMs: DELETE_STOP_WAIT_MS,
    telemetry: observer,
  });

  const callbacks = createCallbackReceiver({
    adapters: providers.adapters,
    log: stores.callbackLog,
    store,
    clock,
    logger,
    callbackUrl,
    onJobsDue: () => worker?.wake(),
  });

  const metricsAccess = createMetricsAccess({ token: config.metricsToken, loopbackOnly });
  const shutdown = new AbortController();
  // Every open event stream listens for the shutdown; hundreds at once are normal, not a leak.
  setMaxListeners(0, shutdown.signal);
  const app = createApp({
    logger,
    events: createJobEventFeed({ store, pollMs: EVENT_POLL_MS }),
    keepAliveMs: config.sseKeepAliveSeconds * 1000,
    shutdown: shutdown.signal,
    maxBodyBytes: config.maxBodyBytes,
    corsOrigins: config.corsOrigins,
    maxUploadBytes: config.maxUploadBytes,
    version: VERSION,
    sandbox: config.sandbox,
    jobs,
    media,
    uploadService,
    webhookDeliveries: webhooks.deliveries,
    presets,
    callbacks,
    signer,
    clock,
    mediaLinks: (request) =>
      jobMediaLinks(config.publicUrl ?? "", access.keyed(request) ? { signer, nowMs: clock.now() } : null),
    access,
    tenantOf: access.tenantOf,
    tenants,
    usage: stores.usage,
    models: () => catalog.list(),
    model: (id) => catalog.get(id),
    compatModels,
    videoRetentionMs: config.retentionDays === undefined ? null : config.retentionDays * 86_400_000,
    unavailableReason: router.unavailableReason,
    providerOptionValues: router.providerOptionValues,
    metrics,
    metricsAccess,
    timeline: stores.timeline,
    notReadyReason: async () => {
      try {
        await store.nextDueAt();
        return null;
      } catch (error) {
        return `database unreachable: ${error instanceof Error ? error.message : String(error)}`;
      }
    },
  });

  const server = config.http ? await listen(app.fetch, config.host, config.port) : null;
  const url = server === null ? "" : serverUrl(server);
  const metricsServer =
    config.metricsPort === undefined
      ? null
      : await listen(createMetricsApp({ metrics, metricsAccess }).fetch, config.host, config.metricsPort);
  publicUrl ||= url;
  worker?.start();
  webhooks.start();
  retention?.start();
  logger.info(
    {
      url,
      metricsUrl: metricsServer === null ? undefined : serverUrl(metricsServer),
      dataDir: config.dataDir,
      database: stores.engine,
      worker: worker !== null,
      sandbox: config.sandbox,
    },
    server === null ? "reelay worker running" : "reelay listening",
  );
  if (server !== null && !(await tenants.hasActiveKeys())) {
    logger.info(
      { url },
      "no API keys: the API is open to every local caller (tenant default) and only on loopback; create one with `reelay keys create --tenant NAME` to require keys",
    );
  }
  if (config.providerCallbacks && config.publicUrl === undefined) {
    logger.warn(
      { callbackUrl: callbackUrl("pollo") },
      "REELAY_PROVIDER_CALLBACKS is on without REELAY_PUBLIC_URL: providers are told to call back at this server's own address, which they reach only if it is public; set REELAY_PUBLIC_URL",
    );
  }
  if (server === null && config.publicUrl === undefined) {
    logger.warn(
      "a worker without REELAY_PUBLIC_URL sends webhooks whose video links have no host; set REELAY_PUBLIC_URL to the address of the serving instances",
    );
  }

  return {
    url,
    fetch: async (request) => app.fetch(request),
    store,
    worker,
    signer,
    metricsUrl: metricsServer === null ? null : serverUrl(metricsServer),
    async close() {
      // Open event streams end first; otherwise the server would wait for them forever. Their
      // connections turn idle a moment later and are closed then; requests in flight finish.
      shutdown.abort();
      if (server !== null) await closeServer(server);
      if (metricsServer !== null) await closeServer(metricsServer);
      await worker?.stop();
      await webhooks.stop();
      await retention?.stop();
      await router.closeAll();
      await providers.close();
      await stores.close();
    },
  };
}
