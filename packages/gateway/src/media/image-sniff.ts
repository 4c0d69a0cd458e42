/**
 * The allowlist gate in front of sharp. libvips can load far more than raster photos — SVG (parsed
 * by librsvg, which follows references), PDF, TIFF with all its codecs — and sharp picks a loader by
 * sniffing the bytes itself. Even `metadata()` runs the chosen loader's header parse, and for SVG
 * that parse is the whole XML document. So before sharp sees an upload, its magic number must be one
 * of the few raster formats Reelay accepts; sharp's own detection then confirms it (image-ingest.ts).
 */

/** Raster families that may be handed to sharp. `heif` covers AVIF and HEIC (one container). */
export type SniffedFamily = "jpeg" | "png" | "webp" | "gif" | "heif";

export type SniffResult =
  | { accepted: true; family: SniffedFamily }
  /** `found` names what the bytes look like, for the message: "SVG", "PDF", "text"… */
  | { accepted: false; found: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** ISO-BMFF brands of HEIF stills and sequences (AVIF: avif/avis; HEIC: heic/heix/…; generic mif1). */
const HEIF_BRANDS = new Set(["avif", "avis", "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "mif2", "msf1"]);

function startsWith(bytes: Uint8Array, prefix: number[], offset = 0): boolean {
  if (bytes.length < offset + prefix.length) return false;
  return prefix.every((value, index) => bytes[offset + index] === value);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.subarray(start, Math.min(end, bytes.length))).toString("latin1");
}

/** Brands of an `ftyp` box: the major brand and the compatible ones. */
function ftypBrands(bytes: Uint8Array): string[] | null {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== "ftyp") return null;
  const boxSize = Buffer.from(bytes.subarray(0, 4)).readUInt32BE(0);
  const end = Math.min(boxSize >= 16 ? boxSize : 16, bytes.length, 8 + 4 * 64);
  const brands = [ascii(bytes, 8, 12)];
  for (let offset = 16; offset + 4 <= end; offset += 4) brands.push(ascii(bytes, offset, offset + 4));
  return brands;
}

/** Names the markup a text upload holds; SVG gets its own name because it is the one people try. */
function describeMarkup(head: string): string {
  if (/<svg[\s>/]/i.test(head)) return "SVG";
  if (/<!doctype html|<html[\s>]/i.test(head)) return "HTML";
  return "XML";
}

/** Printable text: no NUL bytes and almost no control characters in the first kilobyte. */
function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1024);
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return false;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) control++;
  }
  return control <= head.length / 100;
}

/** Names formats Reelay refuses, so the message can say what was sent instead of just "no". */
function describeRefused(bytes: Uint8Array): string {
  if (bytes.length === 0) return "an empty file";
  if (ascii(bytes, 0, 5) === "%PDF-") return "PDF";
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return "TIFF";
  if (ascii(bytes, 0, 2) === "BM") return "BMP";
  if (ascii(bytes, 0, 4) === "8BPS") return "Photoshop PSD";
  if (startsWith(bytes, [0xff, 0x0a]) || ascii(bytes, 4, 8) === "JXL ") return "JPEG XL";
  if (startsWith(bytes, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20])) return "JPEG 2000";
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00])) return "ICO";
  if (startsWith(bytes, [0x1f, 0x8b])) return "a gzip-compressed file (perhaps SVGZ)";
  if (ascii(bytes, 0, 4) === "PK\x03\x04") return "a ZIP archive";
  if (ftypBrands(bytes) !== null) return "a video or other ISO media file (MP4/MOV)";
  // Markup may start with a UTF-8 BOM, whitespace, an XML declaration or a comment.
  const head = Buffer.from(bytes.subarray(0, 4096))
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (head.startsWith("<")) return describeMarkup(head);
  if (looksLikeText(bytes)) return "text";
  return "an unrecognised format";
}

/** Classifies bytes by magic number only; never by file name or a declared content type. */
export function sniffImage(bytes: Uint8Array): SniffResult {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { accepted: true, family: "jpeg" };
  if (startsWith(bytes, PNG_SIGNATURE)) return { accepted: true, family: "png" };
  const gifHeader = ascii(bytes, 0, 6);
  if (gifHeader === "GIF87a" || gifHeader === "GIF89a") return { accepted: true, family: "gif" };
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return { accepted: true, family: "webp" };
  const brands = ftypBrands(bytes);
  if (brands?.some((brand) => HEIF_BRANDS.has(brand)) === true) return { accepted: true, family: "heif" };
  return { accepted: false, found: describeRefused(bytes) };
}
