import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFileMediaStore, MediaTooLargeError } from "./file-media-store.ts";
import { describeMediaStoreContract } from "./media-store.contract.ts";
import { chunkedStream } from "./test-support/chunked-stream.ts";
import type { MediaStore } from "./media-store.ts";

let root: string;
let store: MediaStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "reelay-store-"));
  store = createFileMediaStore(root);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Every file under `directory`, hidden ones included. */
async function allFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describeMediaStoreContract("files", async () => {
  const directory = await mkdtemp(join(tmpdir(), "reelay-store-"));
  return { store: createFileMediaStore(directory), cleanup: () => rm(directory, { recursive: true, force: true }) };
});

describe("the file media store", () => {
  // What every store does is in the contract above; these are what only files show.
  it("keeps an object as a file under the root, its ETag the quoted sha256, and leaves no file after delete", async () => {
    const put = await store.put("videos/a.mp4", Readable.from([Buffer.from("hello, reelay")]), { maxBytes: 1000 });
    expect(put.etag).toBe(`"${put.sha256}"`);
    expect(await readFile(join(root, "videos/a.mp4"), "utf8")).toBe("hello, reelay");
    expect(store.localPath("videos/a.mp4")).toBe(join(root, "videos/a.mp4"));
    expect(store.presignedGetUrl).toBeUndefined();
    await store.delete("videos/a.mp4");
    expect(await allFiles(root)).toEqual([]);
  });

  it("leaves no temp file behind a body larger than maxBytes", async () => {
    const { stream } = chunkedStream(10_000, 1024);
    await expect(store.put("videos/huge.mp4", stream, { maxBytes: 10 * 1024 })).rejects.toBeInstanceOf(
      MediaTooLargeError,
    );
    expect(await allFiles(root)).toEqual([]);
  });

  it("removes the partial write of a failed replacement", async () => {
    await store.put("a.bin", Readable.from([Buffer.from("old")]), { maxBytes: 100 });
    const failing = new Readable({
      read() {
        this.push(Buffer.from("new data"));
        this.destroy(new Error("connection reset"));
      },
    });
    await expect(store.put("a.bin", failing, { maxBytes: 100 })).rejects.toThrow("connection reset");
    // Only the old object and its sidecar: no temp file, no temp sidecar.
    expect((await allFiles(root)).map((path) => relative(root, path)).toSorted()).toEqual([
      ".a.bin.meta.json",
      "a.bin",
    ]);
  });

  it("does not trust the sidecar once the file was changed behind the store's back", async () => {
    const put = await store.put("x.bin", Readable.from([Buffer.from("aaaa")]), { maxBytes: 10 });
    await writeFile(join(root, "x.bin"), "bbbb");
    await utimes(join(root, "x.bin"), new Date(), new Date(Date.now() + 5000));
    const info = await store.stat("x.bin");
    expect(info?.etag).not.toBe(put.etag);
    expect(info?.etag).toMatch(/^"[^"]+"$/);
  });

  it("returns null for a missing object and for a directory", async () => {
    expect(await store.stat("nothing.mp4")).toBeNull();
    await store.put("dir/a.bin", Readable.from([Buffer.from("x")]), { maxBytes: 10 });
    expect(await store.stat("dir")).toBeNull();
    expect(await store.stat("dir/a.bin/deeper")).toBeNull();
  });
});
