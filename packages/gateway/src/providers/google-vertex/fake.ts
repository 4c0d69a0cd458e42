import { randomUUID } from "node:crypto";
import { Hono, type Context, type MiddlewareHandler } from "hono";
import {
  createQuota,
  doneAtMs,
  FAKE_RAI_REASON,
  googleError,
  isFiltered,
  lookUpModel,
  operationPhase,
  readJsonBody,
  type FakeVeoOperation,
  type VeoFakeOptions,
} from "../google/veo-fake-core.ts";
import { outputSize } from "../google/veo-fake-models.ts";
import { validateVeoBody } from "../google/veo-fake-validate.ts";
import { createFakeFaults } from "../shared/fake-faults.ts";
import { fakeVideo, type FakeProvider } from "../shared/fake-server.ts";
import { createFakeBucket } from "./fake-storage.ts";
import { createFakeTokenIssuer } from "./fake-token.ts";

/*
 * A fake of Veo on Vertex AI (shared/providers/google-veo.md §1.4, §3–§8, §10): model-scoped
 * paths under `/v1` or `/v1beta1`, bearer tokens (from its own `/token` endpoint, or the
 * configured one) and express-mode API keys, Google's error envelope, per-model checks, `done`
 * over time without progress, content filtering, inline base64 videos, and `gs://` outputs
 * readable through a Cloud Storage JSON API stand-in when `storageUri` is given.
 */

export interface GoogleVertexFakeOptions extends VeoFakeOptions {
  /** Service accounts whose JWTs `/token` accepts: client email → public key (PEM). */
  serviceAccounts?: Record<string, string>;
  /** The only project with Veo access (others get 403); any project when absent. */
  project?: string;
}

const RESPONSE_TYPE = "type.googleapis.com/cloud.ai.large_models.vision.GenerateVideoResponse";
const MODEL_PATH =
  /^\/(v1|v1beta1)\/(projects\/([^/]+)\/locations\/([^/]+)\/publishers\/google\/models\/([^/:]+)):(predictLongRunning|fetchPredictOperation)$/;
const STORAGE_PATH = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/;
const HELP = "See https://developers.google.com/identity/sign-in/web/devconsole-project.";

export function createGoogleVertexFake(options: GoogleVertexFakeOptions = {}): FakeProvider {
  const now = options.now ?? Date.now;
  const faults = createFakeFaults();
  const tokens = createFakeTokenIssuer(now, options.serviceAccounts);
  const bucket = createFakeBucket(now);
  const operations = new Map<string, FakeVeoOperation & { gcsUris?: string[] }>();
  const overQuota = createQuota(options.createsPerMinute, now);
  const app = new Hono();

  app.route("/", faults.admin);
  app.use("*", faults.middleware);
  app.post("/token", (c) => tokens.exchange(c.req.raw));

  // Bearer tokens, or an express-mode API key (§1.4). Wording of the 401s is Google's.
  const authenticate: MiddlewareHandler = async (c, next) => {
    const bearer = /^Bearer (.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const key = c.req.header("x-goog-api-key") ?? c.req.query("key");
    if (bearer === undefined && !key) {
      return googleError(
        401,
        `Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. ${HELP}`,
      );
    }
    if (bearer === undefined) {
      if (options.apiKey !== undefined && key !== options.apiKey) {
        return googleError(400, "API key not valid. Please pass a valid API key.", [
          { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com" },
        ]);
      }
      return next();
    }
    const issued = tokens.check(bearer);
    if (issued === "valid" || (issued === "unknown" && (options.apiKey === undefined || bearer === options.apiKey))) {
      return next();
    }
    return googleError(
      401,
      `Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. ${HELP}`,
      issued === "expired"
        ? [
            {
              "@type": "type.googleapis.com/google.rpc.ErrorInfo",
              reason: "ACCESS_TOKEN_EXPIRED",
              domain: "googleapis.com",
            },
          ]
        : undefined,
    );
  };
  app.use("/v1/*", authenticate);
  app.use("/v1beta1/*", authenticate);
  app.use("/storage/*", authenticate);

  async function create(c: Context, resource: string, modelId: string): Promise<Response> {
    const found = lookUpModel("vertex", modelId, options.retiredModels);
    if ("missing" in found) {
      // Observed wording (§8); retired and unknown ids answer alike on Vertex.
      return googleError(
        404,
        `Publisher model \`${resource}\` was not found or your project does not have access to it. Please ensure you are using a valid model version. For more information, see: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions`,
      );
    }
    const body = await readJsonBody(c.req.raw);
    if (body === null) return googleError(400, "Invalid JSON payload received.");
    const checked = validateVeoBody(body, found.model, "vertex");
    if (!checked.ok) return googleError(400, checked.message);
    const limited = overQuota();
    if (limited) return limited;
    // Creates are not idempotent (§10.12): every call is a new operation; ids are UUIDs (§4).
    const operation: FakeVeoOperation & { gcsUris?: string[] } = {
      name: `${resource}/operations/${randomUUID()}`,
      modelId,
      createdAtMs: now(),
      request: checked.request,
    };
    const { storageUri } = checked.request;
    if (storageUri !== undefined && !isFiltered(operation) && checked.request.operationError === undefined) {
      operation.gcsUris = bucket.write(storageUri, checked.request.sampleCount, {
        availableAtMs: doneAtMs(operation, options),
        ttlMs: options.outputTtlMs ?? Number.POSITIVE_INFINITY,
        aspectRatio: checked.request.aspectRatio,
        resolution: checked.request.resolution,
        durationSeconds: checked.request.durationSeconds,
      });
    }
    operations.set(operation.name, operation);
    return c.json({ name: operation.name });
  }

  async function operationView(operation: FakeVeoOperation & { gcsUris?: string[] }): Promise<Record<string, unknown>> {
    const phase = operationPhase(operation, now(), options);
    // `done` is absent while queued and false while running: clients must accept both (§5).
    if (phase === "queued") return { name: operation.name };
    if (phase === "running") return { name: operation.name, done: false };
    const { request } = operation;
    if (request.operationError !== undefined) {
      return { name: operation.name, done: true, error: { code: 3, message: request.operationError } };
    }
    if (isFiltered(operation)) {
      return {
        name: operation.name,
        done: true,
        response: { "@type": RESPONSE_TYPE, raiMediaFilteredCount: 1, raiMediaFilteredReasons: [FAKE_RAI_REASON] },
      };
    }
    let videos: Array<Record<string, string>>;
    if (operation.gcsUris !== undefined) {
      bucket.handOut(operation.gcsUris);
      videos = operation.gcsUris.map((gcsUri) => ({ gcsUri, mimeType: "video/mp4" }));
    } else {
      // Without `storageUri` the whole MP4 travels base64-encoded inside the JSON (§6).
      const { width, height } = outputSize(request.aspectRatio, request.resolution);
      const base64 = Buffer.from(await fakeVideo(width, height, request.durationSeconds)).toString("base64");
      videos = Array.from({ length: request.sampleCount }, () => ({
        bytesBase64Encoded: base64,
        mimeType: "video/mp4",
      }));
    }
    return { name: operation.name, done: true, response: { "@type": RESPONSE_TYPE, raiMediaFilteredCount: 0, videos } };
  }

  async function fetchOperation(c: Context, resource: string): Promise<Response> {
    const body = await readJsonBody(c.req.raw);
    const operationName =
      typeof body === "object" && body !== null ? (body as { operationName?: unknown }).operationName : undefined;
    if (typeof operationName !== "string" || operationName === "") {
      return googleError(400, "operationName is required.");
    }
    const operation = operations.get(operationName);
    if (operation === undefined) return googleError(404, `Operation ${operationName} not found.`);
    // The path's model must be the operation's own (§5, §10.2). unverified: Google's exact answer.
    if (!operationName.startsWith(`${resource}/operations/`)) {
      return googleError(400, `Operation ${operationName} does not belong to ${resource}.`);
    }
    return c.json(await operationView(operation));
  }

  app.post("*", async (c) => {
    const match = MODEL_PATH.exec(c.req.path);
    if (match === null) return googleError(404, `Method not found: POST ${c.req.path}`);
    const [, , resource = "", project = "", location = "", modelId = "", verb] = match;
    if (options.project !== undefined && project !== options.project) {
      return googleError(
        403,
        `Permission 'aiplatform.endpoints.predict' denied on resource '//aiplatform.googleapis.com/projects/${project}/locations/${location}/publishers/google/models/${modelId}' (or it may not exist).`,
      );
    }
    return verb === "predictLongRunning" ? create(c, resource, modelId) : fetchOperation(c, resource);
  });

  app.get("/storage/*", (c) => {
    const url = new URL(c.req.url);
    const match = STORAGE_PATH.exec(url.pathname);
    if (match?.[1] === undefined || match[2] === undefined) return googleError(404, "Not Found");
    return bucket.read(decodeURIComponent(match[1]), decodeURIComponent(match[2]), url);
  });

  app.notFound(() => googleError(404, "The requested URL was not found on this server."));

  return { app, faults };
}
