import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * The secret that signs media URLs: the configured one, else one generated on first start and kept
 * (readable by the owner only) in the data directory so URLs survive restarts. Several instances
 * must share it, so they set `REELAY_MEDIA_SECRET`.
 */
export async function loadMediaSecret(dataDir: string, configured: string | undefined): Promise<Buffer> {
  if (configured !== undefined) return Buffer.from(configured, "utf8");
  const file = path.join(dataDir, "media-secret");
  try {
    const existing = await readFile(file);
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secret = randomBytes(48);
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}
