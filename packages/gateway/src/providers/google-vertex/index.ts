import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProviderCallError } from "../../core/errors.ts";
import type { ProviderTask } from "../../core/types.ts";
import { sweepInlineVideos } from "../google/inline-video.ts";
import { googleErrorReader, notSentError } from "../google/veo-errors.ts";
import { checkVeoProviderOptions, veoProviderOptionValues } from "../google/veo-options.ts";
import { veoOperationSchema } from "../google/veo-status.ts";
import { callProvider, readProviderJson } from "../shared/call-provider.ts";
import { parseProviderResponse } from "../shared/parse-response.ts";
import type { PollResult, ProviderAdapter, ProviderCallContext } from "../provider.ts";
import { checkKeyWith, isAnsweredWith } from "../shared/key-check.ts";
import { modelResourceOf, VERTEX_OPERATION_NAME, vertexCreateResponseSchema, type VertexTask } from "./api.ts";
import { ACCESS_TOKEN_VARIABLE, CREDENTIALS_FILE_VARIABLE, createVertexTokenSource } from "./auth.ts";
import { mapVertexRequest, vertexCreateUrl, vertexDefaultBaseUrl, vertexPollUrl } from "./map-request.ts";
import { mapVertexOperation } from "./map-status.ts";
import { googleVertexModels } from "./models.ts";

export { googleVertexModels } from "./models.ts";
export type { VertexTask } from "./api.ts";

export interface GoogleVertexProviderOptions {
  /** Google Cloud project id (REELAY_GOOGLE_VERTEX_PROJECT). */
  project?: string;
  /** Region, or `global`; us-central1 by default (REELAY_GOOGLE_VERTEX_LOCATION). */
  location?: string;
  /** Service-account key JSON (REELAY_GOOGLE_VERTEX_CREDENTIALS_FILE); wins over `accessToken`. */
  credentialsFile?: string;
  /** A ready OAuth2 access token (REELAY_GOOGLE_VERTEX_ACCESS_TOKEN); expires after about an hour. */
  accessToken?: string;
  /** REST root up to the version, e.g. `https://us-central1-aiplatform.googleapis.com/v1`. */
  baseUrl?: string;
  /** Where inline videos are written for the re-hoster; a temp folder by default. */
  outputDir?: string;
  /** Cloud Storage's root for `gs://` outputs; https://storage.googleapis.com by default. */
  storageBaseUrl?: string;
  /** Used only for the service-account token exchange; Vertex calls use the context's fetch. */
  fetch?: typeof fetch;
}

const PROJECT_VARIABLE = "REELAY_GOOGLE_VERTEX_PROJECT";
const DEFAULT_LOCATION = "us-central1";
/** Inline videos are copied by the re-hoster within minutes; a day is a generous margin. */
const INLINE_VIDEO_MAX_AGE_MS = 24 * 3_600_000;
const SWEEP_INTERVAL_MS = 3_600_000;
/**
 * The key probe reads an operation no one started, of a model Reelay offers: credentials Google
 * accepts get past authentication to a NOT_FOUND (or INVALID_ARGUMENT) about the operation, while
 * refused ones get 401 UNAUTHENTICATED, and a project without Veo access 403 PERMISSION_DENIED.
 * unverified: the exact answer for an operation that does not exist (google-veo.md §8 says 404).
 */
const PROBE_OPERATION_ID = "00000000-0000-0000-0000-000000000000";
const PROBE_MODEL = googleVertexModels.find((model) => model.lifecycle.status === "active")?.vendorModelId ?? "";

/** Whether a kept error body is Google's own error envelope (not a proxy's page). */
function isGoogleError(body: string | undefined): boolean {
  try {
    return googleErrorReader.message(JSON.parse(body ?? "")) !== undefined;
  } catch {
    return false;
  }
}

function parseTask(task: ProviderTask): VertexTask | null {
  const { operationName } = task;
  return typeof operationName === "string" && VERTEX_OPERATION_NAME.test(operationName) ? { operationName } : null;
}

/** Veo on Vertex AI (shared/providers/google-veo.md). No cancel: Google offers none. */
export function createGoogleVertexProvider(options: GoogleVertexProviderOptions = {}): ProviderAdapter {
  const location = options.location || DEFAULT_LOCATION;
  const baseUrl = (options.baseUrl || vertexDefaultBaseUrl(location)).replace(/\/+$/, "");
  const storageBaseUrl = (options.storageBaseUrl ?? "https://storage.googleapis.com").replace(/\/+$/, "");
  const outputDir = options.outputDir ?? join(tmpdir(), "reelay-google-vertex-veo");
  const tokens = createVertexTokenSource(options);
  const sweep = () => void sweepInlineVideos(outputDir, INLINE_VIDEO_MAX_AGE_MS, Date.now()).catch(() => undefined);
  sweep();
  const sweeper = setInterval(sweep, SWEEP_INTERVAL_MS);
  sweeper.unref();

  function missing(): string[] {
    const names: string[] = [];
    if (!options.project) names.push(PROJECT_VARIABLE);
    if (tokens === null) names.push(`${CREDENTIALS_FILE_VARIABLE} or ${ACCESS_TOKEN_VARIABLE}`);
    return names;
  }

  async function send(
    url: string,
    body: unknown,
    context: ProviderCallContext,
  ): Promise<{ answer: unknown; token: string }> {
    const names = missing();
    if (tokens === null || names.length > 0) {
      throw new ProviderCallError(`google-vertex cannot be called: set ${names.join(" and ")}.`, {
        kind: "auth",
        retryable: false,
        delivery: "not_sent",
      });
    }
    const token = await tokens.token(context.signal);
    const response = await callProvider({
      provider: "google-vertex",
      url,
      init: {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      },
      fetch: context.fetch,
      signal: context.signal,
      secrets: [token],
      errors: googleErrorReader,
      credentialsHint: tokens.hint,
      nowMs: context.clock.now(),
    });
    return { answer: await readProviderJson(response, "google-vertex", [token]), token };
  }

  return {
    id: "google-vertex",
    // Veo has no idempotency key: a repeated create is a second, separately billed video.
    idempotentStart: false,
    checkProviderOptions: checkVeoProviderOptions,
    providerOptionValues: veoProviderOptionValues,
    unavailableReason() {
      const names = missing();
      return names.length === 0 ? null : `${names.join(" and ")} ${names.length === 1 ? "is" : "are"} not set`;
    },

    async start(request, context) {
      const body = await mapVertexRequest(request, context).catch((error: unknown) => {
        throw notSentError("google-vertex", error);
      });
      const url = vertexCreateUrl(baseUrl, options.project ?? "", location, context.spec.vendorModelId);
      const { answer, token } = await send(url, body, context);
      const created = parseProviderResponse(vertexCreateResponseSchema, answer, "google-vertex", [token]);
      const task: VertexTask = { operationName: created.name };
      return { task: { ...task }, warnings: [] };
    },

    async poll(task, context): Promise<PollResult> {
      const parsed = parseTask(task);
      if (parsed === null) {
        return {
          state: "failed",
          failure: { code: "provider_error", message: "The stored task is not a Vertex operation." },
        };
      }
      const url = vertexPollUrl(baseUrl, modelResourceOf(parsed.operationName));
      const { answer, token } = await send(url, { operationName: parsed.operationName }, context);
      const operation = parseProviderResponse(veoOperationSchema, answer, "google-vertex", [token]);
      return mapVertexOperation({ ...operation, name: parsed.operationName }, { outputDir, storageBaseUrl, token });
    },

    // Obtaining the token proves a service-account key; the probe proves the token and the project.
    checkKey: (context) =>
      checkKeyWith(async () => {
        const project = options.project ?? "";
        const resource = `projects/${encodeURIComponent(project)}/locations/${encodeURIComponent(location)}/publishers/google/models/${PROBE_MODEL}`;
        try {
          await send(
            vertexPollUrl(baseUrl, resource),
            { operationName: `${resource}/operations/${PROBE_OPERATION_ID}` },
            context,
          );
        } catch (error) {
          if (!isAnsweredWith(error, [400, 404]) || !isGoogleError(error.redactedBody)) throw error;
        }
        const how =
          tokens?.hint === CREDENTIALS_FILE_VARIABLE ? "obtained with the service-account key" : "as configured";
        return `token ${how}; project ${project} (${location}) answered past authentication`;
      }),

    authorizeDownload(output) {
      // Only Cloud Storage object downloads get the token, and only the one this process holds:
      // `gs://` outputs are unverified and never requested (no `storageUri` is sent).
      const { source } = output;
      const token = tokens?.current();
      if (source.type !== "url" || token === undefined || !source.url.startsWith(`${storageBaseUrl}/storage/v1/b/`))
        return output;
      return { ...output, source: { ...source, headers: { ...source.headers, authorization: `Bearer ${token}` } } };
    },

    async close() {
      clearInterval(sweeper);
    },
  };
}
