/** Thrown by `readBodyCapped` when a body is (or says it will be) larger than allowed. */
export class BodyTooLargeError extends Error {
  override readonly name = "BodyTooLargeError";

  constructor(readonly maxBytes: number) {
    super(`The response is larger than the limit of ${maxBytes} bytes.`);
  }
}

/** The parts of a Response this needs, so both the global and undici's Response fit. */
type BodySource = Pick<Response, "headers" | "body">;

/**
 * Reads a whole response body into memory, but never more than `maxBytes` of it: a declared
 * `Content-Length` above the cap is refused before reading, and an undeclared (chunked) or
 * understated body is cut off by cancelling the stream as soon as the count passes the cap, so a
 * hostile server cannot make us buffer an endless response. Cancelling also releases the
 * connection.
 */
export async function readBodyCapped(response: BodySource, maxBytes: number): Promise<Buffer> {
  const declared = response.headers.get("content-length")?.trim();
  if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError(maxBytes);
  }
  if (response.body === null) return Buffer.alloc(0);

  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
