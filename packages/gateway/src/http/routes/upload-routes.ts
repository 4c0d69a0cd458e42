import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { UploadView } from "@reelay/client";
import { ReelayError } from "../../core/errors.ts";
import type { UploadRecord } from "../../uploads/upload-store.ts";
import type { UploadService } from "../../uploads/upload-service.ts";
import { issuesFromZod } from "../errors.ts";
import { errorBodySchema, uploadViewSchema } from "../schemas.ts";
import { jsonResponse } from "../json-response.ts";

export interface UploadRouteDependencies {
  uploadService: UploadService;
  tenantOf(request: Request): string;
}

const uploadIdParamsSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" }, example: "upl_01j9z3x6v4q8w2e5r7t9y1u3i5" }),
});

/** JSON form of an upload: exactly one of a URL Reelay fetches or a data URI. */
const jsonUploadSchema = z.union([
  z.object({ url: z.url({ protocol: /^https?$/ }).max(4096) }).strict(),
  z.object({ dataUri: z.string().startsWith("data:") }).strict(),
]);

export function toUploadView(upload: UploadRecord): UploadView {
  return {
    id: upload.id,
    object: "upload",
    mediaType: upload.mediaType,
    width: upload.width,
    height: upload.height,
    sizeBytes: upload.sizeBytes,
    sha256: upload.sha256,
    createdAt: new Date(upload.createdAt).toISOString(),
  };
}

async function fileFromMultipart(c: Context): Promise<Buffer> {
  const form = await c.req.parseBody().catch(() => {
    throw new ReelayError(
      "invalid_request",
      "The multipart body could not be read; send the image in a field named file.",
    );
  });
  const file = form.file;
  if (!(file instanceof File)) {
    throw new ReelayError("invalid_request", "Send the image as a multipart field named file (a file, not text).");
  }
  return Buffer.from(await file.arrayBuffer());
}

export function registerUploadRoutes(app: OpenAPIHono, deps: UploadRouteDependencies): void {
  app.openAPIRegistry.registerPath({
    method: "post",
    path: "/api/v1/uploads",
    summary: "Upload an image once (multipart `file`, or JSON `{url}` / `{dataUri}`), reusable by id",
    request: {
      body: {
        content: {
          "multipart/form-data": { schema: z.object({ file: z.string().openapi({ format: "binary" }) }) },
          "application/json": { schema: jsonUploadSchema },
        },
      },
    },
    responses: {
      200: jsonResponse(uploadViewSchema, "The same bytes were uploaded before: the existing upload"),
      201: jsonResponse(uploadViewSchema, "The image was stored"),
      413: jsonResponse(errorBodySchema, "The image is too large"),
      415: jsonResponse(errorBodySchema, "Neither multipart nor JSON"),
      422: jsonResponse(errorBodySchema, "Not an image Reelay accepts, or the URL cannot be fetched safely"),
    },
  });

  app.post("/api/v1/uploads", async (c) => {
    const tenantId = deps.tenantOf(c.req.raw);
    const type = c.req.header("content-type") ?? "";
    let result;
    if (/^multipart\/form-data/i.test(type)) {
      result = await deps.uploadService.fromBytes(tenantId, await fileFromMultipart(c));
    } else if (/^application\/json/i.test(type)) {
      const body: unknown = await c.req.json().catch(() => {
        throw new ReelayError("invalid_json", 'The body is not valid JSON; send {"url": …} or {"dataUri": …}.');
      });
      const parsed = jsonUploadSchema.safeParse(body);
      if (!parsed.success) {
        const issues = issuesFromZod(parsed.error, "body");
        throw new ReelayError(
          "invalid_request",
          'Send exactly one of {"url": "https://…"} or {"dataUri": "data:…;base64,…"}.',
          issues,
        );
      }
      result =
        "url" in parsed.data
          ? await deps.uploadService.fromUrl(tenantId, parsed.data.url)
          : await deps.uploadService.fromDataUri(tenantId, parsed.data.dataUri);
    } else {
      throw new ReelayError(
        "unsupported_media_type",
        "Send the image as multipart/form-data (field file) or JSON ({url} or {dataUri}).",
      );
    }
    c.header("Location", `/api/v1/uploads/${result.upload.id}`);
    return c.json(toUploadView(result.upload), result.created ? 201 : 200);
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/uploads/{id}",
      summary: "Get an upload",
      request: { params: uploadIdParamsSchema },
      responses: {
        200: jsonResponse(uploadViewSchema, "The upload"),
        404: jsonResponse(errorBodySchema, "No such upload"),
      },
    }),
    async (c) =>
      c.json(toUploadView(await deps.uploadService.get(deps.tenantOf(c.req.raw), c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/v1/uploads/{id}",
      summary: "Delete an upload (jobs already created keep their prepared images)",
      request: { params: uploadIdParamsSchema },
      responses: { 204: { description: "Deleted" }, 404: jsonResponse(errorBodySchema, "No such upload") },
    }),
    async (c) => {
      await deps.uploadService.delete(deps.tenantOf(c.req.raw), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
}
