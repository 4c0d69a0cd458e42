import { Hono, type Context } from "hono";
import { standardWebhookScheme } from "../shared/fake-callback-schemes.ts";
import { createFakeCallbacks, type FakeCallbackTarget } from "../shared/fake-callbacks.ts";
import { createFakeFaults } from "../shared/fake-faults.ts";
import type { FakeProvider } from "../shared/fake-server.ts";
import { createFakeFiles, defaultStorageOrigin, GEMINI_FILE_TTL_MS } from "./fake-files.ts";
import {
  createQuota,
  doneAtMs,
  FAKE_RAI_REASON,
  googleError,
  isFiltered,
  lookUpModel,
  lowercaseId,
  operationPhase,
  readJsonBody,
  type FakeVeoOperation,
  type VeoFakeOptions,
} from "./veo-fake-core.ts";
import { videoGeneratedWebhook } from "./fake-webhook.ts";
import { fakeVeoModels, DEFAULT_RETIRED_MODELS } from "./veo-fake-models.ts";
import { validateVeoBody } from "./veo-fake-validate.ts";

/*
 * A fake of Veo on the Gemini API (shared/providers/google-veo.md §1.3, §3–§8, §10, §12): the
 * paths and colon verbs, `x-goog-api-key` or `?key=`, Google's error envelope, per-model checks,
 * `done` over time without progress, content filtering, and file downloads that redirect to a
 * storage host and expire, and `video.generated` project webhooks (Standard Webhooks). Google's
 * own SDK is tested against it (google-sdk.test.ts).
 */

export interface GoogleFakeOptions extends VeoFakeOptions {
  /** Origin of the storage host downloads redirect to; another origin than the API's by default. */
  storageOrigin?: string;
  /** The project webhook's URL and `whsec_…` secret; also set with `POST /__fake/callbacks`. */
  callbacks?: FakeCallbackTarget;
}

const RESPONSE_TYPE = "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse";

/** Real file URIs point at Google's host; Google's SDK downloads any such URI through its own base URL (§12). */
const FILE_URI_BASE = "https://generativelanguage.googleapis.com/v1beta/files";

const CREATE_PATH = /^\/v1beta\/models\/([^/:]+):predictLongRunning$/;
const OPERATION_PATH = /^\/v1beta\/(models\/([^/:]+)\/operations\/([^/:]+))$/;
const DOWNLOAD_PATH = /^\/v1beta\/files\/([a-z0-9]+):download$/;
/** `models.list`'s default and largest page sizes. */
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

export function createGoogleFake(options: GoogleFakeOptions = {}): FakeProvider {
  const now = options.now ?? Date.now;
  const faults = createFakeFaults();
  const callbacks = createFakeCallbacks(standardWebhookScheme, { now, initial: options.callbacks });
  const operations = new Map<string, FakeVeoOperation>();
  const fileOfOperation = new Map<string, string>();
  const overQuota = createQuota(options.createsPerMinute, now);
  const files = createFakeFiles(now, (url) => options.storageOrigin ?? defaultStorageOrigin(url));
  const app = new Hono();

  app.route("/", faults.admin);
  app.route("/", callbacks.admin);
  app.use("*", faults.middleware);

  // Both the header and `?key=` are accepted (§1.3). Wording of both answers is Google's.
  app.use("/v1beta/*", async (c, next) => {
    const key = c.req.header("x-goog-api-key") ?? c.req.query("key");
    if (!key) {
      return googleError(
        403,
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
      );
    }
    // A wrong key is a 400 on Google APIs, with reason API_KEY_INVALID (captured in public bug reports).
    if (options.apiKey !== undefined && key !== options.apiKey) {
      return googleError(400, "API key not valid. Please pass a valid API key.", [
        { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com" },
      ]);
    }
    return next();
  });

  async function create(c: Context, modelId: string): Promise<Response> {
    const found = lookUpModel("gemini", modelId, options.retiredModels);
    if ("missing" in found) {
      // unverified: the retired wording ("is no longer available") was reported, not documented.
      const message =
        found.missing === "retired"
          ? `models/${modelId} is no longer available. Please use a newer model.`
          : `models/${modelId} is not found for API version v1beta, or is not supported for predictLongRunning. Call ListModels to see the list of available models and their supported methods.`;
      return googleError(404, message);
    }
    const body = await readJsonBody(c.req.raw);
    if (body === null) return googleError(400, "Invalid JSON payload received.");
    const checked = validateVeoBody(body, found.model, "gemini");
    if (!checked.ok) return googleError(400, checked.message);
    const limited = overQuota();
    if (limited) return limited;
    // Creates are not idempotent (§10.12): every call is a new operation.
    const operationId = lowercaseId(12);
    const operation: FakeVeoOperation = {
      name: `models/${modelId}/operations/${operationId}`,
      modelId,
      createdAtMs: now(),
      request: checked.request,
    };
    operations.set(operation.name, operation);
    if (!isFiltered(operation) && operation.request.operationError === undefined) {
      const fileId = lowercaseId(12);
      files.add({
        id: fileId,
        availableAtMs: doneAtMs(operation, options),
        ttlMs: options.outputTtlMs ?? GEMINI_FILE_TTL_MS,
        aspectRatio: operation.request.aspectRatio,
        resolution: operation.request.resolution,
        durationSeconds: operation.request.durationSeconds,
      });
      fileOfOperation.set(operation.name, fileId);
      const file = { id: fileId, uri: `${FILE_URI_BASE}/${fileId}:download?alt=media` };
      const webhook = { id: operationId, createdAtMs: operation.createdAtMs };
      callbacks.track(videoGeneratedWebhook(webhook, doneAtMs(operation, options), file));
    }
    return c.json({ name: operation.name });
  }

  function operationView(operation: FakeVeoOperation): Record<string, unknown> {
    const phase = operationPhase(operation, now(), options);
    // `done` is absent while queued and false while running: clients must accept both (§5).
    if (phase === "queued") return { name: operation.name };
    if (phase === "running") return { name: operation.name, done: false };
    if (operation.request.operationError !== undefined) {
      return { name: operation.name, done: true, error: { code: 3, message: operation.request.operationError } };
    }
    if (isFiltered(operation)) {
      return {
        name: operation.name,
        done: true,
        response: {
          "@type": RESPONSE_TYPE,
          generateVideoResponse: { raiMediaFilteredCount: 1, raiMediaFilteredReasons: [FAKE_RAI_REASON] },
        },
      };
    }
    const fileId = fileOfOperation.get(operation.name) ?? "";
    files.handOut(fileId);
    return {
      name: operation.name,
      done: true,
      response: {
        "@type": RESPONSE_TYPE,
        generateVideoResponse: {
          generatedSamples: [{ video: { uri: `${FILE_URI_BASE}/${fileId}:download?alt=media` } }],
        },
      },
    };
  }

  app.post("/v1beta/*", async (c) => {
    const match = CREATE_PATH.exec(c.req.path);
    if (match?.[1] === undefined) return googleError(404, `Method not found: POST ${c.req.path}`);
    return create(c, decodeURIComponent(match[1]));
  });

  // `GET /v1beta/models` (models.list): the models this key may call, paged with `pageToken`. The
  // fake lists its Veo models that are still served; the real list also holds every Gemini model.
  app.get("/v1beta/models", (c) => {
    const retired = options.retiredModels ?? DEFAULT_RETIRED_MODELS.gemini;
    const ids = Object.keys(fakeVeoModels("gemini")).filter((id) => !retired.includes(id));
    const pageSize = Number(c.req.query("pageSize") ?? DEFAULT_PAGE_SIZE);
    if (!Number.isInteger(pageSize) || pageSize < 0)
      return googleError(400, "page_size must be a non-negative integer.");
    const size = Math.min(pageSize === 0 ? DEFAULT_PAGE_SIZE : pageSize, MAX_PAGE_SIZE);
    const start = Number(c.req.query("pageToken") ?? 0);
    if (!Number.isInteger(start) || start < 0) return googleError(400, "Invalid page token.");
    const models = ids.slice(start, start + size).map((id) => ({
      name: `models/${id}`,
      version: id.split("-")[1] ?? "",
      displayName: `Veo ${id.split("-")[1] ?? ""}`,
      supportedGenerationMethods: ["predictLongRunning"],
    }));
    return c.json({ models, ...(start + size < ids.length ? { nextPageToken: String(start + size) } : {}) });
  });

  app.get("/v1beta/*", async (c) => {
    const url = new URL(c.req.url);
    const download = DOWNLOAD_PATH.exec(c.req.path);
    if (download?.[1] !== undefined) return files.download(download[1], url);
    const polled = OPERATION_PATH.exec(c.req.path);
    const operation = polled?.[1] === undefined ? undefined : operations.get(polled[1]);
    if (operation === undefined) return googleError(404, `Operation not found: ${c.req.path.slice("/v1beta/".length)}`);
    return c.json(operationView(operation));
  });

  app.get("/storage/veo/:file", (c) => files.storage(c.req.param("file").replace(/\.mp4$/, ""), new URL(c.req.url)));

  app.notFound(() => googleError(404, "The requested URL was not found on this server."));

  return { app, faults, callbacks, close: callbacks.close };
}
