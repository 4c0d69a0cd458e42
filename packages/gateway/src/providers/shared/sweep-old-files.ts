import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";

/**
 * Removes the files in `directory` that `matches` and that are older than `olderThanMs`: video
 * files a provider wrote (renders, inline downloads) are copied into media storage within
 * moments, and partial ones are left only by a crash. Age decides, not ownership, so a file
 * another process is writing right now is never touched. Returns how many were removed.
 */
export async function sweepOldFiles(
  directory: string,
  olderThanMs: number,
  nowMs: number,
  matches: (name: string) => boolean,
): Promise<number> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!matches(name)) continue;
    const path = join(directory, name);
    const info = await stat(path).catch(() => null);
    if (info?.isFile() && nowMs - info.mtimeMs > olderThanMs) {
      await rm(path, { force: true });
      removed++;
    }
  }
  return removed;
}
