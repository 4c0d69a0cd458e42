/**
 * How the fake Pollo answers (shared/providers/pollo.md §4, §8): every JSON body in the
 * `{code, message, data}` envelope, and Cloudflare's HTML page for edge blocks.
 */

/** A success: HTTP 200, `code: "SUCCESS"`. */
export function polloSuccess(data: unknown): Response {
  return Response.json({ code: "SUCCESS", message: "success", data });
}

/** An error envelope; `data` carries validation `issues` (location unverified). */
export function polloFailure(status: number, code: string, message: string, data?: unknown): Response {
  return Response.json({ code, message, ...(data === undefined ? {} : { data }) }, { status });
}

/** Cloudflare's "Just a moment..." challenge, HTTP 403 and HTML, not JSON. */
export function cloudflareChallenge(): Response {
  const page =
    '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head>' +
    "<body><noscript>Enable JavaScript and cookies to continue</noscript>" +
    '<div id="cf-wrapper">Checking if the site connection is secure. Cloudflare Ray ID: 8f1d2c3b4a5e6f70</div></body></html>';
  return new Response(page, {
    status: 403,
    headers: { "content-type": "text/html; charset=UTF-8", server: "cloudflare", "cf-ray": "8f1d2c3b4a5e6f70-FRA" },
  });
}

/**
 * What the fake CDN answers for an expired or forged output URL.
 * unverified: Pollo's CDN behaviour past the 14 days (its URLs carry no visible signature).
 */
export function outputGone(): Response {
  return new Response('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code></Error>', {
    status: 403,
    headers: { "content-type": "application/xml" },
  });
}

/** Output pixel size for a shape; the fake's MP4 is scaled down, this only sets its proportions. */
export function outputSize(aspectRatio: string, resolution: string): { width: number; height: number } {
  const short = resolution === "4k" ? 2160 : resolution === "1080p" ? 1080 : 720;
  const long = Math.round((short * 16) / 9);
  return aspectRatio === "9:16" ? { width: short, height: long } : { width: long, height: short };
}
