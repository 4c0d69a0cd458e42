import { InvalidMediaKeyError } from "./media-store.ts";

const MAX_KEY_LENGTH = 1024;

/**
 * Throws `InvalidMediaKeyError` unless `key` is a plain relative path: no empty, `.`, `..` or
 * dot-led segments (those are reserved for in-progress writes and sidecars), no NUL or backslash,
 * nothing absolute. Every store checks keys alike, so a key valid on one is valid on all.
 */
export function checkMediaKey(key: string): void {
  if (typeof key !== "string" || key.length === 0) throw new InvalidMediaKeyError(String(key), "it is empty");
  if (key.length > MAX_KEY_LENGTH) throw new InvalidMediaKeyError(key, "it is too long");
  if (key.includes("\0") || key.includes("\\")) {
    throw new InvalidMediaKeyError(key, "it contains a NUL byte or a backslash");
  }
  if (key.startsWith("/") || /^[a-zA-Z]:/.test(key)) throw new InvalidMediaKeyError(key, "it is absolute");
  for (const segment of key.split("/")) {
    if (segment === "") throw new InvalidMediaKeyError(key, "it has an empty path segment");
    if (segment === "." || segment === "..") throw new InvalidMediaKeyError(key, "it contains . or .. segments");
    if (segment.startsWith(".")) throw new InvalidMediaKeyError(key, "a path segment starts with a dot");
  }
}
