import { parseRangeHeader } from "./byte-range.ts";
import type { ByteRange, MediaObjectInfo, MediaStore } from "./media-store.ts";
import { readableToWebStream } from "./readable-to-web-stream.ts";

export interface MediaResponseOptions {
  /** Defaults to `private, max-age=3600`: media is per tenant, and its key never changes content for long. */
  cacheControl?: string;
}

/**
 * Serves a stored object as a web `Response` (Hono handlers return it as is): conditional
 * requests (`If-None-Match`, `If-Modified-Since` → 304), one byte range (`Range`, honoured only
 * when `If-Range` still matches) → 206, unsatisfiable range → 416, HEAD without a body. The body
 * is streamed from storage. Returns null when the object does not exist, so the caller answers 404.
 */
export async function mediaResponse(
  request: Request,
  store: MediaStore,
  key: string,
  mediaType: string,
  options: MediaResponseOptions = {},
): Promise<Response | null> {
  const info = await store.stat(key);
  if (info === null) return null;
  const headers = new Headers({
    "Accept-Ranges": "bytes",
    "Cache-Control": options.cacheControl ?? "private, max-age=3600",
    ETag: info.etag,
    "Last-Modified": new Date(info.modifiedAtMs).toUTCString(),
  });

  if (isNotModified(request.headers, info)) return new Response(null, { status: 304, headers });

  const rangeHeader = ifRangeMatches(request.headers.get("if-range"), info) ? request.headers.get("range") : null;
  const range = parseRangeHeader(rangeHeader, info.sizeBytes);
  if (range.type === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${info.sizeBytes}`);
    return new Response(null, { status: 416, headers });
  }

  headers.set("Content-Type", mediaType);
  let status = 200;
  let byteRange: ByteRange | undefined;
  if (range.type === "partial") {
    status = 206;
    byteRange = range.range;
    headers.set("Content-Range", `bytes ${byteRange.start}-${byteRange.end}/${info.sizeBytes}`);
    headers.set("Content-Length", String(byteRange.end - byteRange.start + 1));
  } else {
    headers.set("Content-Length", String(info.sizeBytes));
  }
  const empty = request.method === "HEAD" || info.sizeBytes === 0;
  const body = empty ? null : readableToWebStream(store.read(key, byteRange));
  return new Response(body, { status, headers });
}

/** RFC 9110 §13.1.1–13.1.3: If-None-Match (weak comparison) wins over If-Modified-Since. */
function isNotModified(requestHeaders: Headers, info: MediaObjectInfo): boolean {
  const ifNoneMatch = requestHeaders.get("if-none-match");
  if (ifNoneMatch !== null) {
    if (ifNoneMatch.trim() === "*") return true;
    const current = opaqueTag(info.etag);
    return ifNoneMatch.split(",").some((candidate) => opaqueTag(candidate.trim()) === current);
  }
  const ifModifiedSince = requestHeaders.get("if-modified-since");
  if (ifModifiedSince === null) return false;
  const since = Date.parse(ifModifiedSince);
  // HTTP dates have whole seconds.
  return Number.isFinite(since) && Math.floor(info.modifiedAtMs / 1000) * 1000 <= since;
}

/** RFC 9110 §13.1.5: a range is honoured only if the validator still matches, compared strongly. */
function ifRangeMatches(ifRange: string | null, info: MediaObjectInfo): boolean {
  if (ifRange === null) return true;
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith("W/")) return value === info.etag;
  const date = Date.parse(value);
  return Number.isFinite(date) && date === Math.floor(info.modifiedAtMs / 1000) * 1000;
}

function opaqueTag(etag: string): string {
  return etag.startsWith("W/") ? etag.slice(2) : etag;
}
