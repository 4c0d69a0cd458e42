import { randomUUID } from "node:crypto";
import path from "node:path";
import { Readable } from "node:stream";
import type { Config } from "../../config.ts";
import type { MediaStore } from "../../media/media-store.ts";
import { describeStorage } from "./check-configuration.ts";
import { failed, passed, type DoctorCheck } from "./doctor-check.ts";

const NAME = "storage";

/** The media store `reelay serve` would use. */
async function mediaStoreOf(config: Config): Promise<MediaStore> {
  if (config.s3 === undefined) {
    const { createFileMediaStore } = await import("../../media/file-media-store.ts");
    return createFileMediaStore(path.join(config.dataDir, "media"));
  }
  const { createS3MediaStore } = await import("../../media/s3-media-store.ts");
  return createS3MediaStore(config.s3);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** Writes a small probe object to the media store, reads it back, deletes it and sees it gone. */
export async function checkStorage(config: Config): Promise<DoctorCheck> {
  const media = await mediaStoreOf(config);
  const where = describeStorage(config);
  const key = `doctor-probe-${randomUUID()}.txt`;
  const bytes = Buffer.from(`reelay doctor probe ${new Date().toISOString()}\n`);
  let written = false;
  try {
    await media.put(key, Readable.from([bytes]), { maxBytes: bytes.byteLength });
    written = true;
    const read = await readAll(media.read(key));
    if (!read.equals(bytes)) return failed(NAME, `${where}: the probe object read back differs from what was written.`);
    await media.delete(key);
    written = false;
    if ((await media.stat(key)) !== null)
      return failed(NAME, `${where}: the probe object is still there after deleting it.`);
    return passed(NAME, `${where}: wrote, read back and deleted a ${bytes.byteLength}-byte probe object.`);
  } catch (error) {
    const step = written ? "reading or deleting" : "writing";
    return failed(
      NAME,
      `${where}: ${step} a probe object failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    if (written) await media.delete(key).catch(() => undefined);
  }
}
