import { ReelayError } from "../core/errors.ts";
import { checkUrl, UnsafeUrlError, type AddressPolicy, type Resolver } from "../net/safe-fetch.ts";

/** Longest wait for the name of a webhook URL to resolve when a job is created. */
const RESOLVE_TIMEOUT_MS = 5_000;

export interface WebhookUrlCheckOptions {
  /** Which addresses a caller's webhook URL may reach: the rule for image URLs. */
  isAllowedAddress: AddressPolicy;
  resolve: Resolver;
}

/**
 * Refuses, with `unsafe_url` naming the field, a caller's webhook URL that points at an address it
 * may not reach (private, loopback, link-local, metadata). A name that does not resolve now is let
 * through: it cannot reach anything yet, and every delivery checks the address again before it
 * connects, so a DNS hiccup does not cost the caller their job.
 */
export function createWebhookUrlCheck(options: WebhookUrlCheckOptions): (url: string) => Promise<void> {
  return async (url) => {
    try {
      await checkUrl(new URL(url), {
        resolve: options.resolve,
        isAllowedAddress: options.isAllowedAddress,
        signal: AbortSignal.timeout(RESOLVE_TIMEOUT_MS),
      });
    } catch (error) {
      if (!(error instanceof UnsafeUrlError)) return;
      const message = `webhookUrl: ${error.message}`;
      throw new ReelayError("unsafe_url", message, [
        { field: "webhookUrl", code: "unsafe_url", message: error.message },
      ]);
    }
  };
}
