import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Clock } from "../../core/clock.ts";
import { ReelayError } from "../../core/errors.ts";
import { mediaResponse } from "../../media/media-response.ts";
import type { MediaStore } from "../../media/media-store.ts";
import { mediaTypeOfKey } from "../../media/media-types.ts";
import type { UrlSigner } from "../../media/signed-url.ts";

export interface MediaRouteDependencies {
  media: MediaStore;
  signer: UrlSigner;
  clock: Clock;
}

/**
 * `GET /media/<key>?expires=…&signature=…`: the signed temporary URLs providers fetch input images
 * from. No API key: the signature is the authorisation, valid only for the object it names and
 * only until it expires. Answers never redirect (some providers refuse redirects).
 */
export function registerMediaRoutes(app: OpenAPIHono, deps: MediaRouteDependencies): void {
  app.on(["GET", "HEAD"], "/media/*", async (c) => {
    let key: string;
    try {
      key = decodeURIComponent(c.req.path.slice("/media/".length));
    } catch {
      throw new ReelayError("invalid_signature", "This media URL is not valid.");
    }
    const parameters = { expires: c.req.query("expires"), signature: c.req.query("signature") };
    if (!deps.signer.verify(key, parameters, deps.clock.now())) {
      throw new ReelayError("invalid_signature", "This media URL is not valid or has expired.");
    }
    const response = await mediaResponse(c.req.raw, deps.media, key, mediaTypeOfKey(key));
    if (response === null) throw new ReelayError("not_found", "The object this URL names no longer exists.");
    return response;
  });
}
