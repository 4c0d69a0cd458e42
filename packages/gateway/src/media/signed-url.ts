import { createHmac, timingSafeEqual } from "node:crypto";

/** The query parameters of a signed media URL. */
export interface SignedUrlParameters {
  expires: string | undefined;
  signature: string | undefined;
}

/** A job's video (`content`) or thumbnail, as `/api/v1/jobs/<id>/content` and `…/thumbnail` serve them. */
export interface JobMedia {
  tenantId: string;
  jobId: string;
  variant: "content" | "thumbnail";
}

export interface UrlSigner {
  /** A URL for `key` that works until `ttlSeconds` from now and only for that object. */
  sign(key: string, ttlSeconds: number, nowMs: number): string;
  /** Whether the parameters are a valid, unexpired signature for `key`. */
  verify(key: string, parameters: SignedUrlParameters, nowMs: number): boolean;
  /**
   * The query (`tenant=…&expires=…&signature=…`, without `?`) that opens that job media to anyone
   * holding it until `expiresSeconds` (Unix time).
   */
  signJobMedia(media: JobMedia, expiresSeconds: number): string;
  /** Whether the parameters are a valid, unexpired signature for that job media. */
  verifyJobMedia(media: JobMedia, parameters: SignedUrlParameters, nowMs: number): boolean;
}

const signatureOf = (secret: Buffer, message: string) =>
  createHmac("sha256", secret).update(message).digest("base64url");

/** Whether `parameters` hold an unexpired expiry and the signature `expected` makes for it, compared in constant time. */
function isValid(
  { expires, signature }: SignedUrlParameters,
  nowMs: number,
  expected: (expires: string) => string,
): boolean {
  if (expires === undefined || signature === undefined || !/^\d{1,12}$/.test(expires)) return false;
  if (Number(expires) * 1000 <= nowMs) return false;
  const wanted = Buffer.from(expected(expires));
  const given = Buffer.from(signature);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/**
 * Signed temporary URLs: HMAC-SHA256 with a server secret over what the URL opens and its expiry.
 * Media that providers fetch (`GET /media/<key>?expires=…&signature=…`) is built on the public
 * base URL (known once the server listens) so providers can reach it. Job media links are signed
 * with a key derived for them alone, so no signature of one kind is ever valid as the other.
 */
export function createUrlSigner(secret: Buffer, publicBaseUrl: () => string): UrlSigner {
  const jobMediaSecret = createHmac("sha256", secret).update("reelay job media links").digest();
  const mediaSignature = (key: string, expires: string) => signatureOf(secret, `${key}\n${expires}`);
  const jobMediaSignature = ({ tenantId, jobId, variant }: JobMedia, expires: string) =>
    signatureOf(jobMediaSecret, `${tenantId}\n${jobId}\n${variant}\n${expires}`);

  return {
    sign(key, ttlSeconds, nowMs) {
      const expires = String(Math.floor(nowMs / 1000) + Math.max(1, Math.floor(ttlSeconds)));
      const path = key.split("/").map(encodeURIComponent).join("/");
      return `${publicBaseUrl()}/media/${path}?expires=${expires}&signature=${mediaSignature(key, expires)}`;
    },
    verify(key, parameters, nowMs) {
      return isValid(parameters, nowMs, (expires) => mediaSignature(key, expires));
    },
    signJobMedia(media, expiresSeconds) {
      const expires = String(Math.floor(expiresSeconds));
      const signature = jobMediaSignature(media, expires);
      return new URLSearchParams({ tenant: media.tenantId, expires, signature }).toString();
    },
    verifyJobMedia(media, parameters, nowMs) {
      return isValid(parameters, nowMs, (expires) => jobMediaSignature(media, expires));
    },
  };
}
