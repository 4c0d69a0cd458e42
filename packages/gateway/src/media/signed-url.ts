import { createHmac, timingSafeEqual } from "node:crypto";

/** The query parameters of a signed media URL. */
export interface SignedUrlParameters {
  expires: string | undefined;
  signature: string | undefined;
}

export interface UrlSigner {
  /** A URL for `key` that works until `ttlSeconds` from now and only for that object. */
  sign(key: string, ttlSeconds: number, nowMs: number): string;
  /** Whether the parameters are a valid, unexpired signature for `key`. */
  verify(key: string, parameters: SignedUrlParameters, nowMs: number): boolean;
}

/**
 * Signed temporary URLs for media that providers fetch (`GET /media/<key>?expires=…&signature=…`):
 * HMAC-SHA256 over the key and the expiry with a server secret, compared in constant time. They
 * are built on the public base URL (known once the server listens) so providers can reach them.
 */
export function createUrlSigner(secret: Buffer, publicBaseUrl: () => string): UrlSigner {
  const signatureOf = (key: string, expires: string) =>
    createHmac("sha256", secret).update(`${key}\n${expires}`).digest("base64url");

  return {
    sign(key, ttlSeconds, nowMs) {
      const expires = String(Math.floor(nowMs / 1000) + Math.max(1, Math.floor(ttlSeconds)));
      const path = key.split("/").map(encodeURIComponent).join("/");
      return `${publicBaseUrl()}/media/${path}?expires=${expires}&signature=${signatureOf(key, expires)}`;
    },
    verify(key, { expires, signature }, nowMs) {
      if (expires === undefined || signature === undefined || !/^\d{1,12}$/.test(expires)) return false;
      if (Number(expires) * 1000 <= nowMs) return false;
      const expected = Buffer.from(signatureOf(key, expires));
      const given = Buffer.from(signature);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
