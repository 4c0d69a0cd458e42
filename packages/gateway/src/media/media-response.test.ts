import type { ReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFileMediaStore } from "./file-media-store.ts";
import { mediaResponse } from "./media-response.ts";
import type { MediaStore, PutResult } from "./media-store.ts";

const KEY = "videos/job_1.mp4";
/** 1000 bytes whose value at offset i is i % 251, so any slice is recognisable. */
const CONTENT = Uint8Array.from({ length: 1000 }, (_, index) => index % 251);

let root: string;
let store: MediaStore;
let put: PutResult;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "reelay-serve-"));
  store = createFileMediaStore(root);
  put = await store.put(KEY, Readable.from([Buffer.from(CONTENT)]), { maxBytes: 10_000 });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function serve(headers: Record<string, string> = {}, method = "GET"): Promise<Response> {
  const response = await mediaResponse(
    new Request("http://reelay.test/media", { method, headers }),
    store,
    KEY,
    "video/mp4",
  );
  if (response === null) throw new Error("expected a response");
  return response;
}

async function bytes(response: Response): Promise<Uint8Array> {
  return new Uint8Array(await response.arrayBuffer());
}

describe("mediaResponse", () => {
  it("serves the whole object with caching headers", async () => {
    const response = await serve();
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "video/mp4",
      "content-length": "1000",
      "accept-ranges": "bytes",
      etag: put.etag,
      "cache-control": "private, max-age=3600",
      "last-modified": new Date(put.modifiedAtMs).toUTCString(),
    });
    expect(await bytes(response)).toEqual(CONTENT);
  });

  it("serves bytes=0-99 as 206 with exactly those bytes", async () => {
    const response = await serve({ range: "bytes=0-99" });
    expect(response.status).toBe(206);
    expect(response.headers.get("content-range")).toBe("bytes 0-99/1000");
    expect(response.headers.get("content-length")).toBe("100");
    expect(await bytes(response)).toEqual(CONTENT.slice(0, 100));
  });

  it("serves an open-ended range and a suffix range", async () => {
    const open = await serve({ range: "bytes=990-" });
    expect(open.status).toBe(206);
    expect(open.headers.get("content-range")).toBe("bytes 990-999/1000");
    expect(await bytes(open)).toEqual(CONTENT.slice(990));

    const suffix = await serve({ range: "bytes=-25" });
    expect(suffix.status).toBe(206);
    expect(suffix.headers.get("content-range")).toBe("bytes 975-999/1000");
    expect(suffix.headers.get("content-length")).toBe("25");
    expect(await bytes(suffix)).toEqual(CONTENT.slice(975));
  });

  it("answers 416 with the size for a range beyond the end", async () => {
    const response = await serve({ range: "bytes=1000-1100" });
    expect(response.status).toBe(416);
    expect(response.headers.get("content-range")).toBe("bytes */1000");
    expect(await bytes(response)).toEqual(new Uint8Array());
  });

  it("serves the whole object for malformed and multi-range headers", async () => {
    for (const range of ["bytes=0-10,20-30", "bytes=abc", "pages=1-2", "bytes=50-10"]) {
      const response = await serve({ range });
      expect(response.status, range).toBe(200);
      expect(response.headers.get("content-range")).toBeNull();
      expect((await bytes(response)).byteLength).toBe(1000);
    }
  });

  it("answers 304 to a matching If-None-Match, weak or in a list, and 200 otherwise", async () => {
    for (const ifNoneMatch of [put.etag, `W/${put.etag}`, `"other", ${put.etag}`, "*"]) {
      const response = await serve({ "if-none-match": ifNoneMatch });
      expect(response.status, ifNoneMatch).toBe(304);
      expect(response.headers.get("etag")).toBe(put.etag);
      expect(response.body).toBeNull();
    }
    expect((await serve({ "if-none-match": '"stale"' })).status).toBe(200);
  });

  it("answers 304 to If-Modified-Since only without If-None-Match", async () => {
    const later = new Date(put.modifiedAtMs + 60_000).toUTCString();
    expect((await serve({ "if-modified-since": later })).status).toBe(304);
    expect((await serve({ "if-modified-since": later, "if-none-match": '"stale"' })).status).toBe(200);
    const earlier = new Date(put.modifiedAtMs - 60_000).toUTCString();
    expect((await serve({ "if-modified-since": earlier })).status).toBe(200);
  });

  it("honours Range only while If-Range matches", async () => {
    expect((await serve({ range: "bytes=0-9", "if-range": put.etag })).status).toBe(206);
    const stale = await serve({ range: "bytes=0-9", "if-range": '"stale"' });
    expect(stale.status).toBe(200);
    expect((await bytes(stale)).byteLength).toBe(1000);
  });

  it("answers HEAD with headers and no body, also for ranges", async () => {
    const head = await serve({}, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("1000");
    expect(head.body).toBeNull();
    const ranged = await serve({ range: "bytes=0-99" }, "HEAD");
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-length")).toBe("100");
    expect(ranged.body).toBeNull();
  });

  it("returns null for a missing object", async () => {
    const response = await mediaResponse(new Request("http://reelay.test/x"), store, "videos/missing.mp4", "video/mp4");
    expect(response).toBeNull();
  });

  it("streams from storage through a Hono route", async () => {
    const app = new Hono();
    app.get(
      "/media/:id",
      async (c) =>
        (await mediaResponse(c.req.raw, store, `videos/${c.req.param("id")}.mp4`, "video/mp4")) ?? c.notFound(),
    );
    const ok = await app.request("/media/job_1", { headers: { range: "bytes=100-199" } });
    expect(ok.status).toBe(206);
    expect(await bytes(ok)).toEqual(CONTENT.slice(100, 200));
    expect((await app.request("/media/nope")).status).toBe(404);
  });

  it("reads lazily and closes the file when the client goes away", async () => {
    await store.put("big.bin", Readable.from([Buffer.alloc(4 * 1024 * 1024, 7)]), { maxBytes: 5 * 1024 * 1024 });
    const opened: Readable[] = [];
    const spy: MediaStore = {
      ...store,
      read(key, range) {
        const readable = store.read(key, range);
        opened.push(readable);
        return readable;
      },
    };
    const response = await mediaResponse(
      new Request("http://reelay.test/b"),
      spy,
      "big.bin",
      "application/octet-stream",
    );
    const reader = response?.body?.getReader();
    const first = await reader?.read();
    expect(first?.value?.byteLength).toBeGreaterThan(0);
    // Only what was asked for (plus the Readable's own small buffer) has been read from disk.
    expect((opened[0] as ReadStream | undefined)?.bytesRead).toBeLessThan(1024 * 1024);
    await reader?.cancel();
    expect(opened[0]?.destroyed).toBe(true);
  });

  it("serves an empty object", async () => {
    await store.put("empty.bin", Readable.from([]), { maxBytes: 10 });
    const response = await mediaResponse(
      new Request("http://reelay.test/e"),
      store,
      "empty.bin",
      "application/octet-stream",
    );
    expect(response?.status).toBe(200);
    expect(response?.headers.get("content-length")).toBe("0");
    const ranged = await mediaResponse(
      new Request("http://reelay.test/e", { headers: { range: "bytes=0-" } }),
      store,
      "empty.bin",
      "x/y",
    );
    expect(ranged?.status).toBe(416);
  });
});
