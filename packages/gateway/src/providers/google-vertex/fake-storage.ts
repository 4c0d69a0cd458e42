import { outputSize } from "../google/veo-fake-models.ts";
import { fakeVideo } from "../shared/fake-server.ts";

/*
 * The caller's Cloud Storage bucket, as far as Veo touches it: with `storageUri` Vertex writes
 * `sample_N.mp4` objects under a timestamped folder (shared/providers/google-veo.md §5), which the
 * caller reads through the JSON API (`GET /storage/v1/b/{bucket}/o/{object}?alt=media`, §6).
 */

interface StoredObject {
  availableAtMs: number;
  /**
   * Bucket lifecycle rules decide in reality; the fake applies `outputTtlMs` when given, counted
   * from the first done poll that named the object (like the Gemini fake's files).
   */
  ttlMs: number;
  aspectRatio: string;
  resolution: string;
  durationSeconds: number;
}

/** The JSON API's error shape. */
function storageError(status: number, message: string, reason: string): Response {
  return Response.json(
    { error: { code: status, message, errors: [{ message, domain: "global", reason }] } },
    { status },
  );
}

export function createFakeBucket(now: () => number) {
  const objects = new Map<string, StoredObject>();
  const namedAtMs = new Map<string, number>();
  return {
    /** Records `sample_0.mp4 … sample_{n-1}.mp4` under `storageUri` and returns their `gs://` URIs. */
    write(storageUri: string, count: number, object: StoredObject): string[] {
      const prefix = storageUri.endsWith("/") ? storageUri : `${storageUri}/`;
      return Array.from({ length: count }, (_, index) => {
        const uri = `${prefix}${object.availableAtMs}/sample_${index}.mp4`;
        objects.set(uri, object);
        return uri;
      });
    },

    /** Marks objects as named in a done operation: their time to live starts now (once). */
    handOut(uris: string[]): void {
      for (const uri of uris) if (!namedAtMs.has(uri)) namedAtMs.set(uri, now());
    },

    /** `GET /storage/v1/b/{bucket}/o/{object}?alt=media` (the bearer token was checked before). */
    async read(bucket: string, name: string, requestUrl: URL): Promise<Response> {
      if (requestUrl.searchParams.get("alt") !== "media") {
        return storageError(400, "This fake serves object media only: add alt=media.", "invalid");
      }
      const uri = `gs://${bucket}/${name}`;
      const object = objects.get(uri);
      const nowMs = now();
      const expired = nowMs >= (namedAtMs.get(uri) ?? Number.POSITIVE_INFINITY) + (object?.ttlMs ?? 0);
      if (object === undefined || nowMs < object.availableAtMs || expired) {
        return storageError(404, `No such object: ${bucket}/${name}`, "notFound");
      }
      const { width, height } = outputSize(object.aspectRatio, object.resolution);
      // mediabunny's buffer target backs the bytes with a plain ArrayBuffer.
      const bytes = (await fakeVideo(width, height, object.durationSeconds)) as Uint8Array<ArrayBuffer>;
      return new Response(bytes, {
        headers: { "content-type": "video/mp4", "content-length": String(bytes.byteLength) },
      });
    },
  };
}
