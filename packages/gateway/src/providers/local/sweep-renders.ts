import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";

/**
 * Removes render files nobody needs any more: finished MP4s are copied into media storage within
 * moments of finishing, and partial ones are left only by a crash. Age decides, not ownership, so
 * a render another process is writing right now is never touched.
 */
export async function sweepStaleRenders(outputDir: string, olderThanMs: number, nowMs: number): Promise<number> {
  let names: string[];
  try {
    names = await readdir(outputDir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.endsWith(".mp4")) continue;
    const path = join(outputDir, name);
    const info = await stat(path).catch(() => null);
    if (info?.isFile() && nowMs - info.mtimeMs > olderThanMs) {
      await rm(path, { force: true });
      removed++;
    }
  }
  return removed;
}
