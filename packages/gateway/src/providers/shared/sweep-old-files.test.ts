import { mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sweepOldFiles } from "./sweep-old-files.ts";

describe("sweepOldFiles", () => {
  let dir = "";
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("removes old matching files and keeps recent ones and others", async () => {
    dir = await mkdtemp(join(tmpdir(), "reelay-sweep-"));
    const now = Date.now();
    const old = new Date(now - 3 * 3_600_000);
    for (const name of ["old.mp4", "old.1234abcd.partial.mp4", "fresh.mp4", "notes.txt"]) {
      await writeFile(join(dir, name), "x");
    }
    await utimes(join(dir, "old.mp4"), old, old);
    await utimes(join(dir, "old.1234abcd.partial.mp4"), old, old);
    await utimes(join(dir, "notes.txt"), old, old);
    expect(await sweepOldFiles(dir, 3_600_000, now, (name) => name.endsWith(".mp4"))).toBe(2);
    expect((await readdir(dir)).toSorted()).toEqual(["fresh.mp4", "notes.txt"]);
  });

  it("does nothing when the folder does not exist", async () => {
    dir = join(tmpdir(), "reelay-sweep-missing");
    expect(await sweepOldFiles(dir, 1, Date.now(), () => true)).toBe(0);
  });
});
