import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { buffer, text } from "node:stream/consumers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidMediaKeyError, MediaTooLargeError, type MediaStore } from "./media-store.ts";
import { chunkedStream } from "./test-support/chunked-stream.ts";

/** Opens a fresh, empty store for one test; `cleanup` removes what it made. */
export type OpenMediaStore = () => Promise<{ store: MediaStore; cleanup: () => Promise<void> }>;

/** What every media store does, seen only through the interface: the file store and S3 alike. */
export function describeMediaStoreContract(name: string, open: OpenMediaStore): void {
  describe(`MediaStore contract: ${name}`, () => {
    let store: MediaStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });
    afterEach(async () => {
      await cleanup();
    });

    it("puts, stats, reads ranges of and deletes an object", async () => {
      const content = "hello, reelay";
      const put = await store.put("videos/a.mp4", Readable.from([Buffer.from(content)]), { maxBytes: 1000 });
      const sha256 = createHash("sha256").update(content).digest("hex");
      expect(put).toMatchObject({ key: "videos/a.mp4", sizeBytes: content.length, sha256 });
      expect(put.etag).toMatch(/^"[^"]+"$/);
      expect(await store.stat("videos/a.mp4")).toEqual({
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
    });

    it("accepts a web ReadableStream body and streams many chunks", async () => {
      const { stream } = chunkedStream(64, 16 * 1024);
      const web = Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>;
      const put = await store.put("big.bin", web, { maxBytes: 64 * 16 * 1024 });
      expect(put.sizeBytes).toBe(64 * 16 * 1024);
      const stored = await buffer(store.read("big.bin"));
      expect(createHash("sha256").update(stored).digest("hex")).toBe(put.sha256);
    });

    it("stops a body larger than maxBytes, throws MediaTooLargeError and keeps nothing of it", async () => {
      const { stream, pulled } = chunkedStream(10_000, 1024);
      const attempt = store.put("videos/huge.mp4", stream, { maxBytes: 10 * 1024 });
      await expect(attempt).rejects.toBeInstanceOf(MediaTooLargeError);
      // It stopped reading soon after the limit instead of draining the whole body.
      expect(pulled()).toBeLessThan(100);
      expect(stream.destroyed).toBe(true);
      expect(await store.stat("videos/huge.mp4")).toBeNull();
    });

    it("accepts a body of exactly maxBytes", async () => {
      const put = await store.put("exact.bin", Readable.from([Buffer.alloc(100)]), { maxBytes: 100 });
      expect(put.sizeBytes).toBe(100);
    });

    it("keeps the previous object when a replacement fails", async () => {
      await store.put("a.bin", Readable.from([Buffer.from("old")]), { maxBytes: 100 });
      const failing = new Readable({
        read() {
          this.push(Buffer.from("new data"));
          this.destroy(new Error("connection reset"));
        },
      });
      await expect(store.put("a.bin", failing, { maxBytes: 100 })).rejects.toThrow("connection reset");
      expect(await text(store.read("a.bin"))).toBe("old");
    });

    it("changes the ETag when the content changes, also for the same size", async () => {
      const first = await store.put("x.bin", Readable.from([Buffer.from("aaaa")]), { maxBytes: 10 });
      const second = await store.put("x.bin", Readable.from([Buffer.from("bbbb")]), { maxBytes: 10 });
      expect(second.etag).not.toBe(first.etag);
      expect((await store.stat("x.bin"))?.etag).toBe(second.etag);
    });

    it("returns null for a missing object, and a read of one fails", async () => {
      expect(await store.stat("nothing.mp4")).toBeNull();
      await expect(text(store.read("nothing.mp4"))).rejects.toThrow();
    });

    it.each([
      "../escape.mp4",
      "videos/../../escape.mp4",
      "/etc/passwd",
      "videos//a.mp4",
      "./a",
      "a/./b",
      "",
      "videos/.a.mp4.meta.json",
      "a\\..\\b",
      "C:/x",
      "a\0b",
    ])("rejects the key %j", async (key) => {
      const body = Readable.from([Buffer.from("x")]);
      await expect(store.put(key, body, { maxBytes: 10 })).rejects.toBeInstanceOf(InvalidMediaKeyError);
      // The store owns the body it was given, even one it refused.
      expect(body.destroyed).toBe(true);
      await expect(store.stat(key)).rejects.toBeInstanceOf(InvalidMediaKeyError);
      expect(() => store.read(key)).toThrow(InvalidMediaKeyError);
      expect(() => store.localPath(key)).toThrow(InvalidMediaKeyError);
      await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidMediaKeyError);
    });
  });
}
