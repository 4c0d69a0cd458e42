/** File extensions of the media types Reelay stores, and back. */
const EXTENSION_BY_TYPE: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "video/mp4": "mp4",
  "video/webm": "webm",
  "application/json": "json",
};

const TYPE_BY_EXTENSION = Object.fromEntries(Object.entries(EXTENSION_BY_TYPE).map(([type, ext]) => [ext, type]));

export function extensionFor(mediaType: string): string {
  const extension = EXTENSION_BY_TYPE[mediaType];
  if (extension === undefined) throw new Error(`No file extension known for ${mediaType}`);
  return extension;
}

/** The media type of a stored object by its key's extension; `application/octet-stream` if unknown. */
export function mediaTypeOfKey(key: string): string {
  const extension = key.slice(key.lastIndexOf(".") + 1).toLowerCase();
  return TYPE_BY_EXTENSION[extension] ?? "application/octet-stream";
}
