/** Wording shared by the image pipeline's user-facing messages. */

/** `4000×3000`: the way image sizes appear in every message. */
export function formatSize(width: number, height: number): string {
  return `${width}×${height}`;
}

/**
 * Decimal units (1 MB = 1,000,000 bytes), as providers state their limits ("5 MB"), so that a
 * message about a provider's limit reads like the provider's documentation.
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const [value, unit] = bytes < 1_000_000 ? [bytes / 1000, "KB"] : [bytes / 1_000_000, "MB"];
  const rounded = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return `${rounded} ${unit}`;
}

/** Shapes people know by name; 21:9 stays 21:9 rather than reducing to 7:3. */
const NAMED_RATIOS = [
  "1:1",
  "16:9",
  "9:16",
  "4:3",
  "3:4",
  "3:2",
  "2:3",
  "21:9",
  "9:21",
  "5:3",
  "3:5",
  "5:4",
  "4:5",
  "2:1",
  "1:2",
  "4:1",
  "1:4",
];

/**
 * A width ÷ height ratio as people write it: `16:9`, `1:2`, `4:3`. Pixel sizes such as 1104×832 are
 * not exact ratios, so a named shape within 0.5% is used; otherwise `2.37:1`.
 */
export function formatRatio(ratio: number): string {
  for (const name of NAMED_RATIOS) {
    const [width = 1, height = 1] = name.split(":").map(Number);
    if (Math.abs(width / height - ratio) / ratio < 0.005) return name;
  }
  return ratio >= 1 ? `${ratio.toFixed(2)}:1` : `1:${(1 / ratio).toFixed(2)}`;
}

/** `JPEG`, `PNG`, `WebP`: format names as users know them. */
export function formatName(format: string): string {
  const names: Record<string, string> = { jpeg: "JPEG", png: "PNG", webp: "WebP", gif: "GIF", heif: "HEIF" };
  return names[format] ?? format.toUpperCase();
}

/** `JPEG`, `JPEG or PNG`, `JPEG, PNG or WebP`. */
export function formatList(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}
