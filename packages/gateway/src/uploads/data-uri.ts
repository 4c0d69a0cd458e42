import { ReelayError } from "../core/errors.ts";

const DATA_URI = /^data:([\w.+-]+\/[\w.+-]+)?((?:;[\w-]+=[\w.+-]+)*);base64,([A-Za-z0-9+/=\s]*)$/;

/**
 * The bytes of a base64 `data:` URI. The size is checked on the encoded text before decoding, so
 * an oversized URI never allocates its decoded bytes. The declared media type is ignored: the
 * image's type is sniffed from its bytes.
 */
export function decodeDataUri(dataUri: string, maxBytes: number): Buffer {
  if (dataUri.length > Math.ceil((maxBytes * 4) / 3) + 256) {
    throw new ReelayError("payload_too_large", `The data URI holds more than ${maxBytes} bytes.`);
  }
  const match = DATA_URI.exec(dataUri);
  if (match === null) {
    throw new ReelayError(
      "invalid_request",
      "The data URI is malformed: expected data:<type>;base64,<data> (only base64 data URIs are accepted).",
    );
  }
  const bytes = Buffer.from((match[3] ?? "").replace(/\s+/g, ""), "base64");
  if (bytes.length === 0) throw new ReelayError("invalid_request", "The data URI holds no data.");
  return bytes;
}
