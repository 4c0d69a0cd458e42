import { Reelay, type CreateJobRequest, type JobView } from "@reelay/client";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobMediaLinks } from "../http/job-media-links.ts";
import { createUrlSigner } from "../media/signed-url.ts";
import { startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";
import { createTestApiKey } from "./test-support/test-api-key.ts";

const TINY_VIDEO: CreateJobRequest = {
  model: "local/preview",
  prompt: "A paper boat on a pond",
  durationSeconds: 1,
  resolution: "360p",
};

/** The error code of a refused answer. */
const codeOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

/** `url` with one query parameter set to `value`. */
function withParameter(url: string, name: string, value: string): string {
  const changed = new URL(url);
  changed.searchParams.set(name, value);
  return changed.toString();
}

describe("job media links", () => {
  const signer = createUrlSigner(Buffer.from("a test secret of enough length"), () => "https://reelay.example");
  const job = { id: "job_a", tenantId: "acme" };
  const expiresOf = (url: string) => Number(new URL(url).searchParams.get("expires"));

  it("are plain without signing, and signed until an hour after the next whole hour", () => {
    expect(jobMediaLinks("", null)(job, "content")).toBe("/api/v1/jobs/job_a/content");
    const at = (time: string) => jobMediaLinks("https://reelay.example", { signer, nowMs: Date.parse(time) });
    const url = at("2026-03-01T10:20:00Z")(job, "thumbnail");
    expect(url).toMatch(
      /^https:\/\/reelay\.example\/api\/v1\/jobs\/job_a\/thumbnail\?tenant=acme&expires=\d+&signature=/,
    );
    expect(expiresOf(url)).toBe(Date.parse("2026-03-01T12:00:00Z") / 1000);
    expect(at("2026-03-01T10:59:59Z")(job, "thumbnail")).toBe(url);
    expect(expiresOf(at("2026-03-01T10:00:00Z")(job, "content"))).toBe(Date.parse("2026-03-01T11:00:00Z") / 1000);
  });
});

describe("signed job media links while the server has API keys", () => {
  let gateway: TestGateway;
  let client: Reelay;
  let job: JobView;
  let other: JobView;

  beforeAll(async () => {
    gateway = await startTestGateway();
    // Without keys the links stay plain (and server-relative).
    const open = new Reelay({ baseUrl: gateway.url });
    const openJob = await open.jobs.wait((await open.jobs.create(TINY_VIDEO)).id);
    expect(openJob.video?.url).toBe(`/api/v1/jobs/${openJob.id}/content`);
    client = new Reelay({ baseUrl: gateway.url, apiKey: await createTestApiKey(gateway.dataDir, "acme") });
    const finished = (request: CreateJobRequest) =>
      client.jobs.create(request).then((created) => client.jobs.wait(created.id));
    [job, other] = await Promise.all([finished(TINY_VIDEO), finished({ ...TINY_VIDEO, prompt: "A second boat" })]);
  }, 120_000);
  afterAll(async () => {
    await gateway?.dispose();
  });

  const absolute = (url: string) => new URL(url, gateway.url).toString();
  const videoOf = (view: JobView) => {
    if (view.video === null) throw new Error(`job ${view.id} has no video`);
    return { url: absolute(view.video.url), thumbnailUrl: absolute(view.video.thumbnailUrl) };
  };

  it("signs the links of every view: get, list and event stream", async () => {
    const { url, thumbnailUrl } = videoOf(job);
    expect(url).toMatch(new RegExp(`/api/v1/jobs/${job.id}/content\\?tenant=acme&expires=\\d+&signature=[\\w-]+$`));
    expect(thumbnailUrl).toMatch(new RegExp(`/api/v1/jobs/${job.id}/thumbnail\\?tenant=acme&`));
    const listed = (await client.jobs.list({ limit: 10 })).data.find((view) => view.id === job.id);
    expect(listed?.video?.url).toBe(job.video?.url);
    for await (const event of client.jobs.events(job.id)) {
      expect(event.job.video?.thumbnailUrl).toBe(job.video?.thumbnailUrl);
    }
  });

  it("serves the video and thumbnail to a signed link without the API key", async () => {
    const { url, thumbnailUrl } = videoOf(job);
    const part = await fetch(url, { headers: { range: "bytes=0-99" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-type")).toBe("video/mp4");
    expect((await part.arrayBuffer()).byteLength).toBe(100);
    expect((await fetch(url, { method: "HEAD" })).status).toBe(200);
    const thumbnail = await fetch(thumbnailUrl);
    expect(thumbnail.status).toBe(200);
    expect((await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).format).toBe("webp");
  });

  it("refuses a changed, moved or expired signature, and the plain link without a key", async () => {
    const { url, thumbnailUrl } = videoOf(job);
    const signature = new URL(url).searchParams.get("signature") ?? "";
    const flipped = `${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`;
    const signedQuery = new URL(url).search;
    const expired = gateway.signer.signJobMedia(
      { tenantId: "acme", jobId: job.id, variant: "content" },
      Math.floor(Date.now() / 1000) - 1,
    );
    const refused = [
      withParameter(url, "signature", flipped),
      withParameter(url, "tenant", "other"),
      withParameter(url, "expires", String(Number(new URL(url).searchParams.get("expires")) + 3_600)),
      `${videoOf(other).url.split("?")[0]}${signedQuery}`,
      `${thumbnailUrl.split("?")[0]?.replace(/thumbnail$/, "content")}${new URL(thumbnailUrl).search}`,
      `${url.split("?")[0]}?${expired}`,
    ];
    for (const link of refused) {
      const response = await fetch(link);
      expect(response.status, link).toBe(403);
      expect(await codeOf(response), link).toBe("invalid_signature");
    }
    const plain = await fetch(url.split("?")[0] ?? "");
    expect(plain.status).toBe(401);
    expect(await codeOf(plain)).toBe("unauthorized");
    // A signature opens only that media: not the job itself.
    expect((await fetch(`${gateway.url}/api/v1/jobs/${job.id}${signedQuery}`)).status).toBe(401);
  });

  it("serves another tenant's signed link only that tenant's jobs", async () => {
    const signedForOther = gateway.signer.signJobMedia(
      { tenantId: "other", jobId: job.id, variant: "content" },
      Math.floor(Date.now() / 1000) + 600,
    );
    const response = await fetch(`${gateway.url}/api/v1/jobs/${job.id}/content?${signedForOther}`);
    expect(response.status).toBe(404);
  });
});
