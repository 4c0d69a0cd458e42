import type { MediaStore } from "../media/media-store.ts";

/** The first segments of the keys Reelay writes; anything else counts as `other`. */
const KINDS = new Set(["videos", "thumbnails", "spritesheets", "uploads", "prepared"]);

/** What a key holds, by its first segment (never the segments after it, which name tenants). */
export function mediaKindOf(key: string): string {
  const kind = key.slice(0, key.indexOf("/"));
  return KINDS.has(kind) ? kind : "other";
}

/** `media`, telling `onStored` the size of every object written, by kind. */
export function countingMediaStore<Store extends MediaStore>(
  media: Store,
  onStored: (kind: string, bytes: number) => void,
): Store {
  return {
    ...media,
    async put(key: string, body: Parameters<MediaStore["put"]>[1], options: { maxBytes: number }) {
      const result = await media.put(key, body, options);
      onStored(mediaKindOf(key), result.sizeBytes);
      return result;
    },
  };
}
