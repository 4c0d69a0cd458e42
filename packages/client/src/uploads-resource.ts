import type { RequestOptions, Transport } from "./transport.ts";
import type { UploadView } from "./wire.ts";

/** An image to upload: its bytes (a `File` in browsers), or a URL or data URI the server fetches or decodes. */
export type UploadSource = Blob | { url: string } | { dataUri: string };

/** The `client.uploads` resource group. */
export interface UploadsResource {
  /**
   * Uploads an image once: a `Blob` is sent as multipart (named `filename`); `{url}` and `{dataUri}` as
   * JSON. The same bytes give the same upload, so repeating a create is harmless.
   */
  create(image: UploadSource, filename?: string, options?: RequestOptions): Promise<UploadView>;
  /** An upload by id. */
  get(id: string, options?: RequestOptions): Promise<UploadView>;
  /** Deletes an upload. */
  delete(id: string, options?: RequestOptions): Promise<void>;
}

/** Creates the `uploads` resource group over a transport. */
export function createUploadsResource(transport: Transport): UploadsResource {
  const uploadPath = (id: string) => `/api/v1/uploads/${encodeURIComponent(id)}`;
  return {
    async create(image, filename = "image", options = {}) {
      let body: unknown = image;
      if (image instanceof Blob) {
        const form = new FormData();
        form.append("file", image, filename);
        body = form;
      }
      return (await transport.json<UploadView>({ ...options, method: "POST", path: "/api/v1/uploads", body })).data;
    },
    async get(id, options = {}) {
      return (await transport.json<UploadView>({ ...options, method: "GET", path: uploadPath(id) })).data;
    },
    async delete(id, options = {}) {
      await transport.json<unknown>({ ...options, method: "DELETE", path: uploadPath(id) });
    },
  };
}
