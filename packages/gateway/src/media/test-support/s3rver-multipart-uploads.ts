import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import type S3rver from "@20minutes/s3rver";
import type { S3rverContext, S3rverMiddleware } from "@20minutes/s3rver";

/** How s3rver names an upload's folder: 16 random bytes in hex. */
const UPLOAD_ID = /^[0-9a-f]{32}$/;

/**
 * ListMultipartUploads and AbortMultipartUpload, which s3rver lacks (it answers 501 and 405), over
 * its own record of the uploads in progress: one folder per upload holding its key and parts. With
 * them a test asks the server, as it would ask S3, whether a failed upload left parts behind.
 * Unlike s3rver's own operations, these two do not check the request's signature.
 */
export function multipartUploadOperations(server: S3rver): S3rverMiddleware {
  return async (context, next) => {
    const [, bucket = "", ...key] = context.path.split("/");
    const uploadId = context.query.uploadId;
    if (bucket === "") return next();
    const uploads = server.store.getResourcePath(bucket, undefined, "uploads");
    if (context.method === "GET" && key.join("") === "" && "uploads" in context.query) {
      answerXml(context, 200, listing(bucket, await uploadsIn(uploads)));
    } else if (context.method === "DELETE" && key.join("") !== "" && typeof uploadId === "string") {
      if (!UPLOAD_ID.test(uploadId) || !(await uploadsIn(uploads)).some((upload) => upload.id === uploadId)) {
        answerXml(
          context,
          404,
          "<Error><Code>NoSuchUpload</Code><Message>The upload does not exist.</Message></Error>",
        );
        return;
      }
      await rm(path.join(uploads, uploadId), { recursive: true, force: true });
      context.status = 204;
    } else {
      await next();
    }
  };
}

async function uploadsIn(directory: string): Promise<{ id: string; key: string }[]> {
  let ids: string[];
  try {
    ids = await readdir(directory);
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return [];
    throw error;
  }
  return Promise.all(ids.map(async (id) => ({ id, key: await readFile(path.join(directory, id, "key"), "utf8") })));
}

function listing(bucket: string, uploads: { id: string; key: string }[]): string {
  const entries = uploads.map(
    (upload) => `<Upload><Key>${escapeXml(upload.key)}</Key><UploadId>${upload.id}</UploadId></Upload>`,
  );
  return (
    `<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
    `<Bucket>${escapeXml(bucket)}</Bucket><IsTruncated>false</IsTruncated>${entries.join("")}` +
    `</ListMultipartUploadsResult>`
  );
}

function answerXml(context: S3rverContext, status: number, xml: string): void {
  context.status = status;
  context.type = "application/xml";
  context.body = `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
