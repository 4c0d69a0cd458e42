import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inputImageUrl } from "./input-image-url.ts";
import { createS3MediaStore } from "./s3-media-store.ts";
import { createUrlSigner } from "./signed-url.ts";
import { startTestS3Server, type TestS3Server } from "./test-support/s3-test-server.ts";

describe("input image URLs for providers", () => {
  let server: TestS3Server;
  beforeAll(async () => {
    server = await startTestS3Server();
  });
  afterAll(async () => {
    await server?.close();
  });

  const signer = createUrlSigner(Buffer.from("k".repeat(32)), () => "https://reelay.example.com");
  const now = () => 1_000_000;

  it("presigns on the bucket, so the provider fetches the image from storage", async () => {
    const media = createS3MediaStore({ ...server.options, prefix: "inputs/" });
    await media.put("prepared/t/frame.png", Readable.from([Buffer.from("png bytes")]), { maxBytes: 100 });
    const url = await inputImageUrl({ media, signer, presign: true, now })("prepared/t/frame.png", 600);
    expect(url.startsWith(`${server.endpoint}/${server.bucket}/inputs/prepared/t/frame.png?`)).toBe(true);
    expect(new URL(url).searchParams.get("X-Amz-Expires")).toBe("600");
    const answer = await fetch(url, { redirect: "manual" });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe("png bytes");
    expect(new URL(url).searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("hands out Reelay's own signed /media URL when presigning is off", async () => {
    const media = createS3MediaStore({ ...server.options, prefix: "inputs/" });
    const url = await inputImageUrl({ media, signer, presign: false, now })("prepared/t/frame.png", 600);
    expect(url).toBe(signer.sign("prepared/t/frame.png", 600, now()));
    expect(signer.verify("prepared/t/frame.png", paramsOf(url), now())).toBe(true);
  });
});

function paramsOf(url: string) {
  const { searchParams } = new URL(url);
  return { expires: searchParams.get("expires") ?? undefined, signature: searchParams.get("signature") ?? undefined };
}
