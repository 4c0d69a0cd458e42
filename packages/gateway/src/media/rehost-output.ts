import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import sharp from "sharp";
import { OutputDownloadError } from "../core/errors.ts";
import { UnsafeUrlError } from "../net/safe-fetch.ts";
import { watchFetch } from "../core/http-exchange.ts";
import type { OutputRehoster, OutputSource, RehostObserver } from "../core/types.ts";
import { makeThumbnail, THUMBNAIL_MEDIA_TYPE } from "./make-thumbnail.ts";
import { MediaTooLargeError, type MediaStore } from "./media-store.ts";
import { resumableBody } from "./resumable-body.ts";
import { withLocalFile } from "./with-local-file.ts";
import { InvalidMediaError, probeVideo, type VideoProbe } from "./probe-video.ts";

export interface OutputRehosterOptions {
  store: MediaStore;
  /**
   * Used for every request to an output URL, one call per redirect hop. Injected so that the
   * SSRF-safe fetcher (DESIGN.md §5.8, a later issue) can be dropped in without touching this file.
   */
  fetch: typeof fetch;
  /** Largest video accepted; bigger downloads are stopped and fail as `too_large`. */
  maxBytes: number;
  /** Time limit of one download, body included. */
  timeoutMs: number;
  /** Broken connections resumed with `Range` within one download; 3 by default. */
  maxResumes?: number;
  /** Wait before the first resume, doubled for each further one; 500 ms by default. */
  resumeDelayMs?: number;
  /** Longest side of generated thumbnails. Defaults to 640. */
  thumbnailMaxSizePx?: number;
  /** Told when a thumbnail could not be made and a plain placeholder was stored instead. */
  onWarning?: (message: string, error: unknown) => void;
}

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** The URL is gone for good: generating again is the only way to get the video. */
const EXPIRED_STATUSES = new Set([403, 404, 410]);

/**
 * Streams a provider's finished video into storage as `videos/<jobId>.mp4`, probes it and stores a
 * WebP thumbnail as `thumbnails/<jobId>.webp`. Any failure removes what was written and is thrown
 * as an `OutputDownloadError`.
 */
export function createOutputRehoster(options: OutputRehosterOptions): OutputRehoster {
  const { store, maxBytes, timeoutMs, thumbnailMaxSizePx = 640 } = options;

  async function download(source: OutputSource, key: string, signal: AbortSignal, fetchImpl: typeof fetch) {
    if (source.type === "file") {
      // Trusted only because adapters (the local renderer) create these paths, never callers.
      return store.put(key, createReadStream(source.path), { maxBytes });
    }
    const response = await fetchFollowingRedirects(fetchImpl, source.url, source.headers ?? {}, signal);
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw httpError(response.status);
    }
    const declared = Number(response.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw new MediaTooLargeError(maxBytes);
    }
    if (response.body === null) throw new InvalidMediaError("The output URL answered with an empty body.");
    const headers = source.headers ?? {};
    // The range goes to every hop: the bytes often live behind a redirect to another host.
    const openRange = (start: number, validator: string | null) =>
      fetchFollowingRedirects(fetchImpl, source.url, headers, signal, {
        range: `bytes=${start}-`,
        ...(validator === null ? {} : { "if-range": validator }),
      });
    const body = resumableBody(response, openRange, {
      maxResumes: options.maxResumes ?? 3,
      retryDelayMs: options.resumeDelayMs ?? 500,
      signal,
    });
    return store.put(key, Readable.from(body), { maxBytes });
  }

  async function thumbnailOf(path: string, probe: VideoProbe): Promise<{ image: Buffer; placeholder: boolean }> {
    try {
      return { image: await makeThumbnail(path, { maxSizePx: thumbnailMaxSizePx }), placeholder: false };
    } catch (error) {
      // The video itself probed fine and was paid for: a missing thumbnail must not lose it.
      options.onWarning?.("Could not make a thumbnail; storing a placeholder.", error);
      const scale = Math.min(1, thumbnailMaxSizePx / Math.max(probe.width, probe.height));
      const image = await sharp({
        create: {
          width: Math.max(1, Math.round(probe.width * scale)),
          height: Math.max(1, Math.round(probe.height * scale)),
          channels: 3,
          background: "#202020",
        },
      })
        .webp()
        .toBuffer();
      return { image, placeholder: true };
    }
  }

  return {
    async rehost(jobId, outputs, observer?: RehostObserver) {
      const output = outputs.find((candidate) => candidate.kind === "video");
      if (output === undefined) {
        throw new OutputDownloadError("The provider reported success but returned no video.", {
          reason: "no_output",
          retryable: false,
        });
      }
      const key = `videos/${jobId}.mp4`;
      const thumbnailKey = `thumbnails/${jobId}.webp`;
      const signal = AbortSignal.timeout(timeoutMs);
      const fetchImpl =
        observer === undefined ? options.fetch : watchFetch(options.fetch, observer.request, () => performance.now());
      let downloading = true;
      try {
        const stored = await download(output.source, key, signal, fetchImpl);
        downloading = false;
        observer?.downloaded(stored.sizeBytes);
        const { probe, thumbnail } = await withLocalFile(store, key, async (path) => {
          const probed = await probeVideo(path);
          return { probe: probed, thumbnail: await thumbnailOf(path, probed) };
        });
        await store.put(thumbnailKey, Readable.from([thumbnail.image]), { maxBytes: thumbnail.image.byteLength });
        observer?.thumbnailed(thumbnail.placeholder);
        return {
          key,
          thumbnailKey,
          thumbnailMediaType: THUMBNAIL_MEDIA_TYPE,
          mediaType: probe.mediaType,
          sizeBytes: stored.sizeBytes,
          durationSeconds: probe.durationSeconds,
          width: probe.width,
          height: probe.height,
          codec: probe.codec,
          sha256: stored.sha256,
        };
      } catch (error) {
        await Promise.allSettled([store.delete(key), store.delete(thumbnailKey)]);
        throw toDownloadError(error, output.source, downloading && signal.aborted, timeoutMs);
      }
    },
  };
}

/**
 * Follows redirects by hand so that each hop goes through the injected fetch (which can vet the
 * address) and so that the provider's headers — often its API key — are never sent to another
 * origin (DESIGN.md §5.8); `fetch` itself would forward custom headers across origins.
 * `everyHop` headers (a range) carry no secret and go to every hop.
 */
async function fetchFollowingRedirects(
  fetchImpl: typeof fetch,
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  everyHop: Record<string, string> = {},
): Promise<Response> {
  const origin = new URL(url).origin;
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    const sameOrigin = current.origin === origin;
    const hopHeaders = sameOrigin ? { ...headers, ...everyHop } : everyHop;
    const response = await fetchImpl(current, { headers: hopHeaders, redirect: "manual", signal });
    const location = response.headers.get("location");
    if (!REDIRECT_STATUSES.has(response.status) || location === null) return response;
    await response.body?.cancel().catch(() => undefined);
    if (hop >= MAX_REDIRECTS) {
      throw new OutputDownloadError("The output URL redirected too many times.", {
        reason: "http",
        retryable: false,
        status: response.status,
      });
    }
    current = new URL(location, current);
    if (current.protocol !== "https:" && current.protocol !== "http:") {
      throw new OutputDownloadError("The output URL redirected to a non-HTTP address.", {
        reason: "http",
        retryable: false,
        status: response.status,
      });
    }
  }
}

function httpError(status: number): OutputDownloadError {
  if (EXPIRED_STATUSES.has(status)) {
    return new OutputDownloadError(`The output URL answered ${status}: it has expired or was removed.`, {
      reason: "expired",
      retryable: false,
      status,
    });
  }
  const retryable = status >= 500 || status === 408 || status === 429;
  return new OutputDownloadError(`The output URL answered ${status}.`, { reason: "http", retryable, status });
}

function toDownloadError(error: unknown, source: OutputSource, timedOut: boolean, timeoutMs: number): unknown {
  if (error instanceof OutputDownloadError) return error;
  if (error instanceof MediaTooLargeError) {
    return new OutputDownloadError(error.message, { reason: "too_large", retryable: false, cause: error });
  }
  if (error instanceof InvalidMediaError) {
    return new OutputDownloadError(`The output is not a playable video: ${error.message}`, {
      reason: "invalid_media",
      retryable: false,
      cause: error,
    });
  }
  if (error instanceof UnsafeUrlError) {
    return new OutputDownloadError(error.message, { reason: "unsafe_url", retryable: false, cause: error });
  }
  if (timedOut) {
    return new OutputDownloadError(`The download did not finish within ${timeoutMs} ms.`, {
      reason: "network",
      retryable: true,
      cause: error,
    });
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (source.type === "file" && code === "ENOENT") {
    return new OutputDownloadError("The output file no longer exists.", {
      reason: "expired",
      retryable: false,
      cause: error,
    });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new OutputDownloadError(`The download failed: ${detail}`, {
    reason: "network",
    retryable: true,
    cause: error,
  });
}
