import { describe, expect, it } from "vitest";
import type { GoogleFakeOptions } from "./fake.ts";
import { errorOf, KEY, setUp, TEXT, VEO_2 } from "./test-support/gemini-fake-client.ts";

describe("Gemini fake: file download", () => {
  async function finishedFile(options: GoogleFakeOptions = {}) {
    const setup = setUp(options);
    const created = (await (
      await setup.create(VEO_2, { ...TEXT, parameters: { aspectRatio: "9:16", durationSeconds: 5 } })
    ).json()) as { name: string };
    setup.clock.nowMs += 10_000;
    const operation = (await setup.poll(created.name)) as {
      response: { generateVideoResponse: { generatedSamples: Array<{ video: { uri: string } }> } };
    };
    const uri = operation.response.generateVideoResponse.generatedSamples[0]?.video.uri ?? "";
    const fileId = /files\/([a-z0-9]+):/.exec(uri)?.[1] ?? "";
    return { ...setup, downloadPath: `/v1beta/files/${fileId}:download?alt=media` };
  }

  it("redirects with 302 to another origin, whose signed URL serves a real MP4 without the key", async () => {
    const { send, downloadPath } = await finishedFile();
    const redirect = await send("GET", downloadPath);
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get("location") ?? "";
    expect(new URL(location).origin).toBe("http://localhost:9");
    const video = await send("GET", "", { url: location, headers: {} });
    expect(video.status).toBe(200);
    expect(video.headers.get("content-type")).toBe("video/mp4");
    const bytes = Buffer.from(await video.arrayBuffer());
    expect(bytes.toString("latin1", 4, 8)).toBe("ftyp");
    const tampered = await send("GET", "", {
      url: location.replace(/Signature=[0-9a-f]{4}/, "Signature=0000"),
      headers: {},
    });
    expect(tampered.status).toBe(403);
  });

  it("needs the key to download, and alt=media", async () => {
    const { send, downloadPath } = await finishedFile();
    expect((await send("GET", downloadPath, { headers: {} })).status).toBe(403);
    expect((await send("GET", `${downloadPath}&key=${KEY}`, { headers: {} })).status).toBe(302);
    expect((await send("GET", downloadPath.replace("?alt=media", ""))).status).toBe(400);
  });

  it("lets a signed URL expire after ten minutes", async () => {
    const { send, downloadPath, clock } = await finishedFile();
    const location = (await send("GET", downloadPath)).headers.get("location") ?? "";
    clock.nowMs += 11 * 60_000;
    expect((await send("GET", "", { url: location, headers: {} })).status).toBe(400);
    const fresh = (await send("GET", downloadPath)).headers.get("location") ?? "";
    expect((await send("GET", "", { url: fresh, headers: {} })).status).toBe(200);
  });

  it("deletes the file after outputTtlMs: the download and a still-signed URL answer 404", async () => {
    // The clock starts when the done poll hands out the URI (finishedFile did that).
    const { send, downloadPath, clock } = await finishedFile({ outputTtlMs: 5 * 60_000 });
    const location = (await send("GET", downloadPath)).headers.get("location") ?? "";
    clock.nowMs += 4 * 60_000;
    expect((await send("GET", "", { url: location, headers: {} })).status).toBe(200);
    clock.nowMs += 60_000;
    const gone = await send("GET", downloadPath);
    expect(gone.status).toBe(404);
    expect(await errorOf(gone)).toMatchObject({ status: "NOT_FOUND" });
    const stale = await send("GET", "", { url: location, headers: {} });
    expect(stale.status).toBe(404);
    expect(await stale.text()).toContain("NoSuchKey");
  });

  it("starts a file's time to live when the done poll hands out its URI, not when it was rendered", async () => {
    const { create, poll, send, clock } = setUp({ outputTtlMs: 1_000 });
    const { name } = (await (await create(VEO_2, TEXT)).json()) as { name: string };
    clock.nowMs += 60_000;
    const operation = JSON.stringify(await poll(name));
    const path = `/v1beta/files/${/files\/([a-z0-9]+):/.exec(operation)?.[1] ?? ""}:download?alt=media`;
    const location = (await send("GET", path)).headers.get("location") ?? "";
    expect((await send("GET", "", { url: location, headers: {} })).status).toBe(200);
    clock.nowMs += 1_000;
    expect((await send("GET", path)).status).toBe(404);
  });

  it("uses the configured storage origin when given", async () => {
    const { send, downloadPath } = await finishedFile({ storageOrigin: "http://storage.fake:1234" });
    expect((await send("GET", downloadPath)).headers.get("location")).toMatch(
      /^http:\/\/storage\.fake:1234\/storage\/veo\//,
    );
  });
});
