import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ModelSpec } from "../core/model-spec.ts";
import type { NormalizedRequest } from "../core/types.ts";
import { createFileMediaStore } from "../media/file-media-store.ts";
import type { MediaStore } from "../media/media-store.ts";
import { inputImageUrl } from "../media/input-image-url.ts";
import { createUrlSigner } from "../media/signed-url.ts";
import { makeTestImage } from "../media/test-support/make-test-image.ts";
import { localModels } from "../providers/local/models.ts";
import { createImagePreparer } from "./image-preparer.ts";
import type { UploadRecord } from "./upload-store.ts";

const spec = localModels[0] as ModelSpec;
const request: NormalizedRequest = {
  model: spec.id,
  prompt: "x",
  durationSeconds: 2,
  aspectRatio: "16:9",
  resolution: "360p",
  audio: false,
  providerOptions: {},
  metadata: {},
};

describe("image preparer", () => {
  let dir: string;
  let media: MediaStore;
  let upload: UploadRecord;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "reelay-prepare-"));
    media = createFileMediaStore(dir);
    const bytes = await makeTestImage({ width: 400, height: 400, format: "png", pattern: "thirds" });
    await media.put("uploads/t/abc.png", new Blob([new Uint8Array(bytes)]).stream(), { maxBytes: 10_000_000 });
    upload = {
      id: "upl_1",
      tenantId: "t",
      sha256: "abc",
      key: "uploads/t/abc.png",
      mediaType: "image/png",
      width: 400,
      height: 400,
      sizeBytes: bytes.length,
      createdAt: 0,
    };
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const preparer = () =>
    createImagePreparer({
      media,
      inputUrl: inputImageUrl({
        media,
        signer: createUrlSigner(Buffer.from("s".repeat(32)), () => "http://r"),
        presign: true,
        now: () => 0,
      }),
    });

  it("fits the image to the model's frame, says what it did, and reuses the variant", async () => {
    const first = await preparer().prepare(upload, spec, request, "image");
    expect(first.record).toMatchObject({ uploadId: "upl_1", width: 400, height: 225 });
    expect(first.warnings.map((warning) => warning.code)).toContain("image_cropped");
    expect(first.warnings[0]?.message).toMatch(/^first frame: /);
    const stored = await sharp(media.localPath(first.record.key) ?? "").metadata();
    expect([stored.width, stored.height]).toEqual([400, 225]);

    await media.delete(upload.key);
    const again = await preparer().prepare(upload, spec, request, "image");
    expect(again).toEqual(first);
  });

  it("opens a prepared image for an adapter", async () => {
    const { record } = await preparer().prepare(upload, spec, request, "lastFrame");
    const handle = preparer().open(record);
    expect((await handle.read()).length).toBe(record.sizeBytes);
    expect(handle.localPath).toBe(media.localPath(record.key));
    expect(await handle.signedUrl(60)).toMatch(/^http:\/\/r\/media\/prepared\/t\/abc\/.*\?expires=\d+&signature=/);
  });

  it("refuses a model that takes no images", async () => {
    const textOnly: ModelSpec = { ...spec, imageInput: undefined };
    await expect(preparer().prepare(upload, textOnly, request, "image")).rejects.toThrow(/takes no input images/);
  });
});
