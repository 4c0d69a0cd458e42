import { createHash, timingSafeEqual } from "node:crypto";

/** Whether a request may read `/metrics`, and if not, the answer's status and why. */
export type MetricsVerdict = { allowed: true } | { allowed: false; status: 401 | 403; message: string };

export interface MetricsAccessOptions {
  /** `REELAY_METRICS_TOKEN`: when set, every scrape must send it as a bearer token. */
  token: string | undefined;
  /** The server listens on loopback addresses only. */
  loopbackOnly: boolean;
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Who may read `/metrics`: with a token configured, whoever sends it; without one, anyone who can
 * reach a server on loopback, and nobody when it listens on other addresses (metrics name models,
 * providers and volumes, which an operator may not want public).
 */
export function createMetricsAccess(
  options: MetricsAccessOptions,
): (authorization: string | undefined) => MetricsVerdict {
  const expected = options.token === undefined ? null : digest(options.token);
  return (authorization) => {
    if (expected === null) {
      if (options.loopbackOnly) return { allowed: true };
      return {
        allowed: false,
        status: 403,
        message:
          "/metrics is closed on a server that listens beyond loopback without a token: set REELAY_METRICS_TOKEN and scrape with Authorization: Bearer <token>.",
      };
    }
    const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
    if (given === undefined) {
      return {
        allowed: false,
        status: 401,
        message: "/metrics needs Authorization: Bearer <token>, the token being the server's REELAY_METRICS_TOKEN.",
      };
    }
    // Digests have one length, so comparing them tells nothing about the token's length either.
    if (!timingSafeEqual(digest(given), expected)) {
      return { allowed: false, status: 401, message: "The bearer token is not this server's REELAY_METRICS_TOKEN." };
    }
    return { allowed: true };
  };
}
