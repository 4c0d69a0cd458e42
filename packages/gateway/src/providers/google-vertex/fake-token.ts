import { createPublicKey, randomBytes, verify } from "node:crypto";

/*
 * The fake's OAuth2 token endpoint for service-account keys (shared/providers/google-veo.md
 * §1.4): `POST /token`, form body `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer` and
 * `assertion=<RS256 JWT>`; answers `{access_token, expires_in: 3599, token_type: "Bearer"}`.
 * Error bodies follow OAuth2 (`{error, error_description}`), with Google's wording where known.
 */

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
const TOKEN_LIFETIME_SECONDS = 3599;
/** Clock skew tolerated on `iat`, as OAuth servers commonly allow. unverified: Google's figure. */
const SKEW_SECONDS = 300;

export interface FakeTokenIssuer {
  /** Handles `POST /token`. */
  exchange(request: Request): Promise<Response>;
  /** Whether a bearer token was issued here: "valid", "expired" or "unknown". */
  check(token: string): "valid" | "expired" | "unknown";
}

function oauthError(error: string, description: string, status = 400): Response {
  return Response.json({ error, error_description: description }, { status });
}

function decodePart(part: string | undefined): Record<string, unknown> | null {
  if (part === undefined) return null;
  try {
    const value = JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as unknown;
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * `serviceAccounts` maps client emails to their public keys (PEM); a JWT from another account, or
 * with a bad signature, is refused. Without it, any well-formed, in-date JWT is accepted (the
 * sandbox has no keys to register); its signature is then not checked.
 */
export function createFakeTokenIssuer(now: () => number, serviceAccounts?: Record<string, string>): FakeTokenIssuer {
  const issued = new Map<string, number>();

  async function exchange(request: Request): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    if (form.get("grant_type") !== JWT_BEARER) {
      return oauthError("unsupported_grant_type", `Invalid grant_type: ${form.get("grant_type") ?? ""}`);
    }
    const parts = (form.get("assertion") ?? "").split(".");
    const header = decodePart(parts[0]);
    const claims = decodePart(parts[1]);
    if (parts.length !== 3 || header === null || claims === null || header.alg !== "RS256") {
      return oauthError("invalid_grant", "Invalid JWT: the assertion is not an RS256 JWT.");
    }
    if (typeof claims.iss !== "string" || claims.iss === "")
      return oauthError("invalid_grant", "Invalid JWT: no iss claim.");
    if (serviceAccounts !== undefined) {
      const pem = serviceAccounts[claims.iss];
      if (pem === undefined) return oauthError("invalid_grant", "Invalid grant: account not found");
      const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
      if (!verify("RSA-SHA256", signed, createPublicKey(pem), Buffer.from(parts[2] ?? "", "base64url"))) {
        return oauthError("invalid_grant", "Invalid JWT Signature.");
      }
    }
    const audience = new URL("/token", request.url).href;
    if (claims.aud !== GOOGLE_TOKEN_URL && claims.aud !== audience) {
      return oauthError("invalid_grant", `Invalid JWT: Invalid audience ${JSON.stringify(claims.aud)}.`);
    }
    const nowSeconds = now() / 1000;
    const { iat, exp } = claims;
    if (
      typeof iat !== "number" ||
      typeof exp !== "number" ||
      exp - iat > 3600 ||
      exp <= nowSeconds ||
      iat > nowSeconds + SKEW_SECONDS
    ) {
      return oauthError(
        "invalid_grant",
        "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.",
      );
    }
    const scopes = typeof claims.scope === "string" ? claims.scope.split(" ") : [];
    if (!scopes.includes(CLOUD_PLATFORM_SCOPE)) {
      return oauthError("invalid_scope", `Vertex AI needs the scope ${CLOUD_PLATFORM_SCOPE}.`);
    }
    const token = `ya29.fake-${randomBytes(24).toString("base64url")}`;
    issued.set(token, now() + TOKEN_LIFETIME_SECONDS * 1000);
    return Response.json({ access_token: token, expires_in: TOKEN_LIFETIME_SECONDS, token_type: "Bearer" });
  }

  return {
    exchange,
    check(token) {
      const expiresAtMs = issued.get(token);
      if (expiresAtMs === undefined) return "unknown";
      return now() < expiresAtMs ? "valid" : "expired";
    },
  };
}
