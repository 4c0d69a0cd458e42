import { describe, expect, it } from "vitest";
import { sniffImage } from "./image-sniff.ts";
import { formatBytes, formatRatio } from "./image-text.ts";
import { makeSvgWithScript, makeTestImage, makeUndecodableHeic } from "./test-support/make-test-image.ts";

const ftyp = (major: string, ...compatible: string[]) => {
  const box = Buffer.alloc(16 + 4 * compatible.length);
  box.writeUInt32BE(box.length);
  box.write(`ftyp${major}`, 4, "latin1");
  compatible.forEach((brand, index) => box.write(brand, 16 + 4 * index, "latin1"));
  return Buffer.concat([box, Buffer.alloc(64)]);
};

describe("sniffImage", () => {
  it("accepts the raster families by their magic numbers", async () => {
    for (const format of ["jpeg", "png", "webp", "gif"] as const) {
      expect(sniffImage(await makeTestImage({ width: 4, height: 4, format }))).toEqual({
        accepted: true,
        family: format,
      });
    }
    expect(sniffImage(await makeTestImage({ width: 4, height: 4, format: "avif" }))).toEqual({
      accepted: true,
      family: "heif",
    });
    expect(sniffImage(await makeUndecodableHeic())).toEqual({ accepted: true, family: "heif" });
  });

  it("names what it refuses", async () => {
    const found = (bytes: Buffer) => {
      const result = sniffImage(bytes);
      return result.accepted ? null : result.found;
    };
    expect(found(makeSvgWithScript())).toBe("SVG");
    expect(found(Buffer.from('  \n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe("SVG");
    expect(found(Buffer.from("<!DOCTYPE html><html><body>hi</body></html>"))).toBe("HTML");
    expect(found(Buffer.from("%PDF-1.4\n"))).toBe("PDF");
    expect(found(await makeTestImage({ width: 4, height: 4, format: "tiff" }))).toBe("TIFF");
    expect(found(ftyp("isom", "isom", "mp41"))).toBe("a video or other ISO media file (MP4/MOV)");
    expect(found(Buffer.from([0xff, 0x0a, 0x00, 0x11]))).toBe("JPEG XL");
    expect(found(Buffer.from("just some words\n"))).toBe("text");
    expect(found(Buffer.from([0x00, 0x01, 0x02, 0x03, 0x00, 0xfe]))).toBe("an unrecognised format");
    expect(found(Buffer.alloc(0))).toBe("an empty file");
  });

  it("accepts HEIF by a compatible brand, not only the major one", () => {
    expect(sniffImage(ftyp("mif1", "mif1", "heic"))).toEqual({ accepted: true, family: "heif" });
  });
});

describe("image wording", () => {
  it("writes ratios and sizes the way people do", () => {
    expect(formatRatio(1280 / 720)).toBe("16:9");
    expect(formatRatio(0.5)).toBe("1:2");
    expect(formatRatio(1104 / 832)).toBe("4:3");
    expect(formatRatio(21 / 9)).toBe("21:9");
    expect(formatRatio(Math.PI)).toBe("3.14:1");
    expect(formatRatio(1 / Math.PI)).toBe("1:3.14");
    expect(formatBytes(3_300_000)).toBe("3.3 MB");
    expect(formatBytes(18_033_955)).toBe("18 MB");
    expect(formatBytes(50_000)).toBe("50 KB");
  });
});
