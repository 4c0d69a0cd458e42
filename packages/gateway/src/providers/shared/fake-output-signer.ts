import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";

interface TokenClaims {
  /** What the URL is for (a task id). */
  sub: string;
  /** Expiry in whole seconds (JWT convention). */
  exp: number;
  /** Expiry in milliseconds: tests step time in milliseconds. */
  expMs: number;
  /** Makes every token handed out distinct, as providers' signed URLs are. */
  jti: string;
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

/**
 * Expiring tokens for a fake's output URLs (HS256 JWTs with a key made per fake): providers hand
 * out signed CDN URLs that stop working after hours, and the fakes must too.
 */
export function createOutputSigner(ttlMs: number) {
  const key = randomBytes(32);
  const sign = (data: string) => createHmac("sha256", key).update(data).digest();

  return {
    /** A fresh token for `subject`, valid for the TTL from `nowMs`. */
    token(subject: string, nowMs: number): string {
      const expMs = nowMs + ttlMs;
      const claims: TokenClaims = { sub: subject, exp: Math.ceil(expMs / 1000), expMs, jti: randomUUID() };
      const unsigned = `${base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${base64url(JSON.stringify(claims))}`;
      return `${unsigned}.${sign(unsigned).toString("base64url")}`;
    },

    /** Whether `token` was signed here for `subject` and is still valid at `nowMs`. */
    verify(token: string | undefined, subject: string, nowMs: number): boolean {
      const [header, payload, signature, ...rest] = (token ?? "").split(".");
      if (!header || !payload || !signature || rest.length > 0) return false;
      const expected = sign(`${header}.${payload}`);
      const given = Buffer.from(signature, "base64url");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
      try {
        const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Partial<TokenClaims>;
        return claims.sub === subject && typeof claims.expMs === "number" && nowMs < claims.expMs;
      } catch {
        return false;
      }
    },
  };
}
