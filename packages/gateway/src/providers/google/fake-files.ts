import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { fakeVideo } from "../shared/fake-server.ts";
import { googleError } from "./veo-fake-core.ts";
import { outputSize } from "./veo-fake-models.ts";

/*
 * The Gemini API's generated files (shared/providers/google-veo.md §6): `GET
 * /v1beta/files/{id}:download?alt=media` with the key answers 302 to a storage host, whose signed
 * URL serves the MP4 without the key. Files are deleted after two days (the fake: `outputTtlMs`).
 */

export interface FakeFile {
  id: string;
  /** When the video exists (its operation is done). */
  availableAtMs: number;
  /**
   * How long it lives once its URI was first handed out. Google counts its two days from
   * creation; the fake starts the clock at the first done poll so that a short test TTL does not
   * race the client's polling interval (at two days the difference does not matter).
   */
  ttlMs: number;
  aspectRatio: string;
  resolution: string;
  durationSeconds: number;
}

/** Default retention of generated files on the Gemini API. */
export const GEMINI_FILE_TTL_MS = 2 * 24 * 3_600_000;
/** How long a storage redirect stays valid. unverified: Google's signed-URL lifetime. */
const SIGNED_URL_TTL_MS = 10 * 60_000;

/**
 * The storage host the download redirects to. Google's is another host, so a client that drops
 * custom headers on a cross-origin redirect (Reelay's re-hoster) must still succeed: by default
 * the fake swaps 127.0.0.1 and localhost, which are the same server but different origins.
 */
export function defaultStorageOrigin(requestUrl: URL): string {
  const swapped =
    requestUrl.hostname === "127.0.0.1"
      ? "localhost"
      : requestUrl.hostname === "localhost"
        ? "127.0.0.1"
        : requestUrl.hostname;
  return `${requestUrl.protocol}//${swapped}${requestUrl.port ? `:${requestUrl.port}` : ""}`;
}

export function createFakeFiles(now: () => number, storageOrigin: (requestUrl: URL) => string) {
  const files = new Map<string, FakeFile>();
  const handedOutAtMs = new Map<string, number>();
  const secret = randomBytes(32);
  const sign = (id: string, expires: number) => createHmac("sha256", secret).update(`${id}:${expires}`).digest("hex");

  function live(id: string): FakeFile | undefined {
    const file = files.get(id);
    const nowMs = now();
    if (file === undefined || nowMs < file.availableAtMs) return undefined;
    const since = handedOutAtMs.get(id);
    return since === undefined || nowMs < since + file.ttlMs ? file : undefined;
  }

  return {
    add(file: FakeFile): void {
      files.set(file.id, file);
    },

    /** Marks the file's URI as given to a client: its time to live starts now (once). */
    handOut(id: string): void {
      if (!handedOutAtMs.has(id)) handedOutAtMs.set(id, now());
    },

    /** `GET /v1beta/files/{id}:download?alt=media` (the key was checked before). */
    download(id: string, requestUrl: URL): Response {
      if (requestUrl.searchParams.get("alt") !== "media") {
        // unverified: without alt=media Google would answer with file metadata; not simulated.
        return googleError(400, "This fake serves file downloads only: add alt=media.");
      }
      if (live(id) === undefined) return googleError(404, `File files/${id} not found.`);
      const expires = Math.floor((now() + SIGNED_URL_TTL_MS) / 1000);
      const location = `${storageOrigin(requestUrl)}/storage/veo/${id}.mp4?Expires=${expires}&Signature=${sign(id, expires)}`;
      return new Response(null, { status: 302, headers: { location } });
    },

    /** The storage host's signed URL: no key, an expiring signature, the MP4. */
    async storage(id: string, requestUrl: URL): Promise<Response> {
      const expires = Number(requestUrl.searchParams.get("Expires"));
      const given = Buffer.from(requestUrl.searchParams.get("Signature") ?? "", "hex");
      const expected = Buffer.from(sign(id, expires), "hex");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return xmlError(
          403,
          "SignatureDoesNotMatch",
          "The request signature we calculated does not match the signature you provided.",
        );
      }
      if (now() / 1000 > expires) return xmlError(400, "ExpiredToken", "The provided token has expired.");
      const file = live(id);
      if (file === undefined) return xmlError(404, "NoSuchKey", "The specified key does not exist.");
      const { width, height } = outputSize(file.aspectRatio, file.resolution);
      // mediabunny's buffer target backs the bytes with a plain ArrayBuffer.
      const bytes = (await fakeVideo(width, height, file.durationSeconds)) as Uint8Array<ArrayBuffer>;
      return new Response(bytes, {
        status: 200,
        headers: { "content-type": "video/mp4", "content-length": String(bytes.byteLength) },
      });
    },
  };
}

/** Cloud Storage answers its XML API errors in XML. */
function xmlError(status: number, code: string, message: string): Response {
  const body = `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  return new Response(body, { status, headers: { "content-type": "application/xml; charset=UTF-8" } });
}
