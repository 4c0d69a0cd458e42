import { ProviderCallError } from "../../core/errors.ts";
import type { PollResult } from "../provider.ts";
import { PIXVERSE_STATUS, type PixverseResult } from "./api.ts";

/** PixVerse suggests polling every 3–5 s; a render takes ~30 s. */
export const PIXVERSE_POLL_AFTER_MS = 5_000;

/**
 * Turns `Resp` of `GET /video/result/{id}` into a poll result. PixVerse reports no progress and no
 * failure text. A status outside the known ones is thrown as a bad response: guessing could end a
 * paid render.
 */
export function mapPixverseResult(result: PixverseResult): PollResult {
  switch (result.status) {
    case PIXVERSE_STATUS.pending:
      // unverified: 2 ("pending") appears only in PixVerse's client code.
      return { state: "queued", pollAfterMs: PIXVERSE_POLL_AFTER_MS };
    case PIXVERSE_STATUS.inProgress:
    // unverified: 3 ("in_progress") appears only in PixVerse's client code.
    case PIXVERSE_STATUS.generating:
      // 5 means "generating / waiting": PixVerse does not tell queued from running.
      return { state: "running", pollAfterMs: PIXVERSE_POLL_AFTER_MS };
    case PIXVERSE_STATUS.succeeded: {
      const url = result.url?.trim() ?? "";
      if (!/^https?:\/\//i.test(url)) {
        return {
          state: "failed",
          failure: { code: "no_output", message: "PixVerse reported the video done (status 1) but gave no URL." },
        };
      }
      // Public URL, no auth (unverified); its lifetime is undocumented, so it is fetched at once.
      return { state: "succeeded", outputs: [{ kind: "video", source: { type: "url", url }, mediaType: "video/mp4" }] };
    }
    case PIXVERSE_STATUS.moderated:
      return {
        state: "failed",
        failure: {
          code: "content_filtered",
          message:
            "PixVerse's content moderation rejected the generation (status 7); a changed prompt or image may pass.",
        },
      };
    case PIXVERSE_STATUS.failed:
      return {
        state: "failed",
        failure: {
          code: "provider_error",
          message: "PixVerse failed the generation (status 8) and gave no reason; trying again may work.",
        },
      };
    case PIXVERSE_STATUS.deleted:
      // unverified: 6 ("deleted") is in PixVerse's client status maps only; nothing is left to fetch.
      return { state: "cancelled" };
    default:
      throw new ProviderCallError(`pixverse sent a video status Reelay does not know: ${result.status}.`, {
        kind: "bad_response",
        retryable: true,
        delivery: "answered",
        redactedBody: JSON.stringify(result).slice(0, 2_000),
      });
  }
}
