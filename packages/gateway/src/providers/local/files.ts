import { stat } from "node:fs/promises";

/** Whether `path` is a regular file; false for anything that cannot be stat'ed. */
export async function fileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
