import { readFile } from "node:fs/promises";
import { JWT } from "google-auth-library";
import { ProviderCallError } from "../../core/errors.ts";

/*
 * Vertex's bearer token (shared/providers/google-veo.md §1.4): given as is, or obtained from a
 * service-account key file through google-auth-library, which signs the RS256 JWT, exchanges it
 * and caches the token until shortly before it expires.
 */

export const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
/** Where google-auth-library 10 always sends the JWT, whatever the key file says. */
const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";

export const CREDENTIALS_FILE_VARIABLE = "REELAY_GOOGLE_VERTEX_CREDENTIALS_FILE";
export const ACCESS_TOKEN_VARIABLE = "REELAY_GOOGLE_VERTEX_ACCESS_TOKEN";

export interface VertexTokenSource {
  /** A valid access token; throws `ProviderCallError` (never sent to Vertex) when none can be had. */
  token(signal: AbortSignal): Promise<string>;
  /**
   * The last token obtained, while it is still valid; synchronous, for `authorizeDownload`.
   * Undefined before the first call (e.g. after a restart) or once it has expired.
   */
  current(): string | undefined;
  /** The setting to fix when Google refuses the credentials. */
  hint: string;
}

interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  token_uri?: string;
}

function credentialsError(
  message: string,
  kind: "auth" | "unavailable" | "network",
  status?: number,
): ProviderCallError {
  return new ProviderCallError(`google-vertex: ${message}`, {
    kind,
    retryable: kind !== "auth",
    // The Veo create has not been sent yet: failing here never leaves an unknown outcome.
    delivery: "not_sent",
    ...(status === undefined ? {} : { status }),
  });
}

async function readKeyFile(path: string): Promise<ServiceAccountKey> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8")) as unknown;
  } catch (error) {
    const reason = error instanceof SyntaxError ? "it is not JSON" : (error as Error).message;
    throw credentialsError(`cannot read the key file named by ${CREDENTIALS_FILE_VARIABLE} (${reason}).`, "auth");
  }
  const key = parsed as Partial<Record<keyof ServiceAccountKey, unknown>> | null;
  if (typeof key?.client_email !== "string" || typeof key.private_key !== "string") {
    throw credentialsError(
      `the file named by ${CREDENTIALS_FILE_VARIABLE} is not a service-account key (client_email and private_key are required).`,
      "auth",
    );
  }
  return {
    client_email: key.client_email,
    private_key: key.private_key,
    ...(typeof key.private_key_id === "string" ? { private_key_id: key.private_key_id } : {}),
    ...(typeof key.token_uri === "string" ? { token_uri: key.token_uri } : {}),
  };
}

/** Turns google-auth-library's (gaxios) errors into `ProviderCallError`s without leaking the key. */
function tokenError(error: unknown): ProviderCallError {
  if (error instanceof ProviderCallError) return error;
  const failure = error as { status?: number; response?: { status?: number; data?: unknown }; message?: string };
  const status = failure.response?.status ?? failure.status;
  const data = failure.response?.data as { error?: unknown; error_description?: unknown } | undefined;
  const detail =
    typeof data?.error === "string"
      ? `${data.error}${typeof data.error_description === "string" ? `: ${data.error_description}` : ""}`
      : `HTTP ${status ?? "error"}`;
  if (status === undefined)
    return credentialsError(
      `the token endpoint could not be reached (${failure.message ?? "network error"}).`,
      "network",
    );
  if (status === 429 || status >= 500)
    return credentialsError(`the token endpoint answered ${detail}.`, "unavailable", status);
  return credentialsError(
    `Google refused the service-account key (${detail}). Check ${CREDENTIALS_FILE_VARIABLE}.`,
    "auth",
    status,
  );
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(credentialsError("the token request was aborted.", "network"));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(credentialsError("the token request timed out.", "network"));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function serviceAccountSource(path: string, fetchImpl: typeof fetch): VertexTokenSource {
  let client: Promise<JWT> | null = null;
  let latest: { token: string; expiresAtMs: number } | null = null;
  const load = async (): Promise<JWT> => {
    const key = await readKeyFile(path);
    const tokenUri = key.token_uri ?? GOOGLE_TOKEN_URL;
    // google-auth-library 10 ignores the key file's `token_uri` and always posts to Google's
    // endpoint; routing that one URL to `token_uri` makes the key file decide, as Google's other
    // clients do (and lets a test key point at a fake).
    const routed: typeof fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      return fetchImpl(url === GOOGLE_TOKEN_URL ? tokenUri : input, init);
    };
    return new JWT({
      email: key.client_email,
      key: key.private_key,
      ...(key.private_key_id === undefined ? {} : { keyId: key.private_key_id }),
      scopes: [CLOUD_PLATFORM_SCOPE],
      transporterOptions: { fetchImplementation: routed },
    });
  };
  return {
    hint: CREDENTIALS_FILE_VARIABLE,
    current: () => (latest !== null && Date.now() < latest.expiresAtMs ? latest.token : undefined),
    async token(signal) {
      // A failed load (e.g. the file was not there yet) is retried on the next call.
      client ??= load().catch((error: unknown) => {
        client = null;
        throw error;
      });
      try {
        const jwt = await abortable(client, signal);
        const { token } = await abortable(jwt.getAccessToken(), signal);
        if (!token) throw credentialsError("the token endpoint answered without an access token.", "unavailable");
        // google-auth-library refreshes five minutes before expiry; without a date, assume an hour.
        latest = { token, expiresAtMs: jwt.credentials.expiry_date ?? Date.now() + 3_300_000 };
        return token;
      } catch (error) {
        throw tokenError(error);
      }
    },
  };
}

/**
 * The token source for the configured credentials: the key file when given (its tokens are
 * refreshed, while a fixed access token dies after an hour), else the access token; null when
 * neither is set.
 */
export function createVertexTokenSource(options: {
  credentialsFile?: string | undefined;
  accessToken?: string | undefined;
  fetch?: typeof fetch;
}): VertexTokenSource | null {
  if (options.credentialsFile) return serviceAccountSource(options.credentialsFile, options.fetch ?? fetch);
  const accessToken = options.accessToken;
  if (accessToken) return { hint: ACCESS_TOKEN_VARIABLE, token: async () => accessToken, current: () => accessToken };
  return null;
}
