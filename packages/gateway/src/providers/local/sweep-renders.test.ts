import { mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sweepStaleRenders } from "./sweep-renders.ts";

describe("sweepStaleRenders", () => {
  let dir = "";
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("removes old finished and partial renders and keeps recent ones and other files", async () => {
    dir = await mkdtemp(join(tmpdir(), "reelay-sweep-"));
    const now = Date.now();
    const old = new Date(now - 3 * 3_600_000);
    for (const name of ["old.mp4", "old.1234abcd.partial.mp4", "fresh.mp4", "notes.txt"]) {
      await writeFile(join(dir, name), "x");
    }
    await utimes(join(dir, "old.mp4"), old, old);
    await utimes(join(dir, "old.1234abcd.partial.mp4"), old, old);
    await utimes(join(dir, "notes.txt"), old, old);
    expect(await sweepStaleRenders(dir, 3_600_000, now)).toBe(2);
    expect((await readdir(dir)).toSorted()).toEqual(["fresh.mp4", "notes.txt"]);
  });

  it("does nothing when the folder does not exist", async () => {
    dir = join(tmpdir(), "reelay-sweep-missing");
    expect(await sweepStaleRenders(dir, 1, Date.now())).toBe(0);
  });
});
