/**
 * The fake Runway's output URLs, standing in for CloudFront's
 * `https://dnznrvs05pmza.cloudfront.net/<path>/<file>.mp4?_jwt=<token>`: unauthenticated, no
 * redirect, a fresh token on every task read, and refused once the token has expired.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";

/** Path prefix of the fake's CDN routes; the task id and file name follow. */
export const FAKE_CDN_PREFIX = "/cdn";

/** Runway's URLs expire 24–48 h after they were handed out; the fake uses the short end. */
export const DEFAULT_OUTPUT_TTL_MS = 24 * 3_600_000;

interface TokenClaims {
  /** The task the URL belongs to. */
  sub: string;
  /** Expiry in whole seconds (JWT convention). */
  exp: number;
  /** Expiry in milliseconds: tests step time in milliseconds. */
  expMs: number;
  /** Makes every URL handed out distinct, as Runway's are. */
  jti: string;
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

/** Signs and checks the `_jwt` tokens of one fake (HS256 with a key made per fake). */
export function createOutputSigner(ttlMs: number) {
  const key = randomBytes(32);
  const sign = (data: string) => createHmac("sha256", key).update(data).digest();

  return {
    /** A fresh output URL for `taskId`, valid for the TTL from `nowMs`. */
    url(origin: string, taskId: string, nowMs: number): string {
      const expMs = nowMs + ttlMs;
      const claims: TokenClaims = { sub: taskId, exp: Math.ceil(expMs / 1000), expMs, jti: randomUUID() };
      const unsigned = `${base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${base64url(JSON.stringify(claims))}`;
      const token = `${unsigned}.${sign(unsigned).toString("base64url")}`;
      return `${origin}${FAKE_CDN_PREFIX}/${taskId}/video.mp4?_jwt=${token}`;
    },

    /** Whether `token` was signed here for `taskId` and is still valid at `nowMs`. */
    verify(token: string | undefined, taskId: string, nowMs: number): boolean {
      const [header, payload, signature, ...rest] = (token ?? "").split(".");
      if (!header || !payload || !signature || rest.length > 0) return false;
      const expected = sign(`${header}.${payload}`);
      const given = Buffer.from(signature, "base64url");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
      try {
        const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Partial<TokenClaims>;
        return claims.sub === taskId && typeof claims.expMs === "number" && nowMs < claims.expMs;
      } catch {
        return false;
      }
    },
  };
}

/**
 * What CloudFront answers for an expired or forged signed URL: 403 with an S3-style XML body.
 * unverified: the exact body behind Runway's `_jwt` check.
 */
export function accessDenied(): Response {
  return new Response(
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access denied</Message></Error>',
    { status: 403, headers: { "content-type": "application/xml" } },
  );
}
