import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
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
  it("puts, stats, reads and deletes an object", async () => {
    const content = "hello, reelay";
    const put = await store.put("videos/a.mp4", Readable.from([Buffer.from(content)]), { maxBytes: 1000 });
    const sha256 = createHash("sha256").update(content).digest("hex");
    expect(put).toMatchObject({ key: "videos/a.mp4", sizeBytes: content.length, sha256, etag: `"${sha256}"` });
    expect(await readFile(join(root, "videos/a.mp4"), "utf8")).toBe(content);
    expect(store.localPath("videos/a.mp4")).toBe(join(root, "videos/a.mp4"));

    const info = await store.stat("videos/a.mp4");
    expect(info).toEqual({
      key: "videos/a.mp4",
      sizeBytes: content.length,
      etag: put.etag,
      modifiedAtMs: put.modifiedAtMs,
    });
    expect(await text(store.read("videos/a.mp4"))).toBe(content);
    expect(await text(store.read("videos/a.mp4", { start: 7, end: 12 }))).toBe("reelay");
    expect(await text(store.read("videos/a.mp4", { start: 0, end: 0 }))).toBe("h");

    await store.delete("videos/a.mp4");
    expect(await store.stat("videos/a.mp4")).toBeNull();
    await store.delete("videos/a.mp4"); // idempotent
    expect(await allFiles(root)).toEqual([]);
  });

  it("stops a body larger than maxBytes, throws MediaTooLargeError and leaves no file", async () => {
    const { stream, pulled } = chunkedStream(10_000, 1024);
    const attempt = store.put("videos/huge.mp4", stream, { maxBytes: 10 * 1024 });
    await expect(attempt).rejects.toBeInstanceOf(MediaTooLargeError);
    // It stopped reading soon after the limit instead of draining the whole body.
    expect(pulled()).toBeLessThan(100);
    expect(stream.destroyed).toBe(true);
    expect(await store.stat("videos/huge.mp4")).toBeNull();
    expect(await allFiles(root)).toEqual([]);
  });

  it("keeps the previous object when a replacement fails, and removes the partial write", async () => {
    await store.put("a.bin", Readable.from([Buffer.from("old")]), { maxBytes: 100 });
    const failing = new Readable({
      read() {
        this.push(Buffer.from("new data"));
        this.destroy(new Error("connection reset"));
      },
    });
    await expect(store.put("a.bin", failing, { maxBytes: 100 })).rejects.toThrow("connection reset");
    expect(await readFile(join(root, "a.bin"), "utf8")).toBe("old");
    expect((await allFiles(root)).filter((path) => path.endsWith(".tmp"))).toEqual([]);
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
