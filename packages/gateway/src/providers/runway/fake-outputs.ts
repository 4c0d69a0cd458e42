/**
 * The fake Runway's output URLs, standing in for CloudFront's
 * `https://dnznrvs05pmza.cloudfront.net/<path>/<file>.mp4?_jwt=<token>`: unauthenticated, no
 * redirect, a fresh token on every task read, and refused once the token has expired.
 */
import { createOutputSigner } from "../shared/fake-output-signer.ts";

/** Path prefix of the fake's CDN routes; the task id and file name follow. */
export const FAKE_CDN_PREFIX = "/cdn";

/** Runway's URLs expire 24–48 h after they were handed out; the fake uses the short end. */
export const DEFAULT_OUTPUT_TTL_MS = 24 * 3_600_000;

/** Signs and checks the `_jwt` tokens of one fake, and builds its CloudFront-like URLs. */
export function createRunwayOutputs(ttlMs: number) {
  const signer = createOutputSigner(ttlMs);
  return {
    /** A fresh output URL for `taskId`, valid for the TTL from `nowMs`. */
    url: (origin: string, taskId: string, nowMs: number): string =>
      `${origin}${FAKE_CDN_PREFIX}/${taskId}/video.mp4?_jwt=${signer.token(taskId, nowMs)}`,
    verify: signer.verify,
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
