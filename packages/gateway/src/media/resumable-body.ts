/** Opens the same output again from byte `start`, sending `validator` as `If-Range`. */
export type OpenRange = (start: number, validator: string | null) => Promise<Response>;

export interface ResumableBodyOptions {
  /** Resumes after broken connections, at most. */
  maxResumes: number;
  /** Wait before the first resume; doubled for each further one. */
  retryDelayMs: number;
  /** Ends everything (the download's time limit). */
  signal: AbortSignal;
}

/** `bytes <start>-<end>/<size>`: the start of the part a 206 answer carries. */
function rangeStartOf(response: Response): number | null {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(response.headers.get("content-range") ?? "");
  return match ? Number(match[1]) : null;
}

/**
 * The body of a successful download, resumed with `Range` where a connection breaks: a video of a
 * few hundred megabytes should not start over because the last megabyte was lost. Resuming needs a
 * source that says `Accept-Ranges: bytes` and answers the range with 206 from exactly the byte
 * asked for; `If-Range` with its ETag (or Last-Modified) makes sure the rest is of the same file.
 * Anything else rethrows the break, and the caller retries the download from the start.
 */
export async function* resumableBody(
  first: Response,
  openRange: OpenRange,
  options: ResumableBodyOptions,
): AsyncGenerator<Uint8Array> {
  const resumable = first.headers.get("accept-ranges")?.toLowerCase() === "bytes";
  const validator = first.headers.get("etag") ?? first.headers.get("last-modified");
  let response = first;
  let received = 0;
  for (let resumes = 0; ; resumes += 1) {
    try {
      if (response.body === null) return;
      for await (const chunk of response.body) {
        received += chunk.byteLength;
        yield chunk;
      }
      return;
    } catch (error) {
      if (!resumable || options.signal.aborted || resumes >= options.maxResumes) throw error;
      await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs * 2 ** resumes));
      const next = await openRange(received, validator);
      // Nothing arrived yet: a whole answer is as good as the range.
      const whole = received === 0 && next.status === 200;
      if (!whole && (next.status !== 206 || rangeStartOf(next) !== received)) {
        await next.body?.cancel().catch(() => undefined);
        throw error;
      }
      response = next;
    }
  }
}
