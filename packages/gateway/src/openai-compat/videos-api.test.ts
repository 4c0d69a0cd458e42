import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI, { BadRequestError, NotFoundError } from "openai";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobView, UploadView } from "@reelay/client";
import { ConfigError, loadConfig } from "../config.ts";
import { startGateway } from "../gateway.ts";
import { makeTestImage } from "../media/test-support/make-test-image.ts";
import { startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";
import { useContractRecorder } from "./test-support/contract-recorder.ts";

/*
 * The OpenAI-compatible API's answers to everything but a finished render: with the worker off,
 * every job stays where the test put it. Every exchange is checked against the contract.
 */

interface OpenAiErrorBody {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

const contract = useContractRecorder();
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  gateway = await startTestGateway({
    REELAY_WORKER: "off",
    REELAY_MAX_UPLOAD_BYTES: String(64 * 1024),
    REELAY_COMPAT_MODEL_ALIASES: "sora-2=local/preview",
  });
  client = new OpenAI({ apiKey: "sk-anything", baseURL: `${gateway.url}/v1`, fetch: contract.fetch, maxRetries: 0 });
});
afterAll(async () => {
  await gateway?.dispose();
});

const v1 = (path: string, init?: RequestInit) => contract.fetch(`${gateway.url}/v1${path}`, init);
const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  v1(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

/** The error of an answer, after checking that it is OpenAI's envelope with `status`. */
async function errorOf(response: Response, status: number): Promise<OpenAiErrorBody> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const { error } = (await response.json()) as { error: OpenAiErrorBody };
  expect(error.type).toBe(status >= 500 ? "server_error" : "invalid_request_error");
  expect(error.message.length).toBeGreaterThan(10);
  return error;
}

async function nativeJob(id: string): Promise<JobView> {
  return (await (await fetch(`${gateway.url}/api/v1/jobs/${id}`)).json()) as JobView;
}

describe("the OpenAI-compatible API", () => {
  it("answers /content of an unfinished video with an error in OpenAI's shape, never with a body of 200", async () => {
    const queued = await client.videos.create({ prompt: "Not rendered yet", seconds: "4", size: "1280x720" });
    for (const variant of ["video", "thumbnail", "spritesheet"] as const) {
      const error = await errorOf(await v1(`/videos/${queued.id}/content?variant=${variant}`), 404);
      expect(error).toMatchObject({ code: "video_not_ready", param: null });
      expect(error.message).toMatch(/^Video is not ready yet: .* is queued \(0%\)/);
    }
    await expect(client.videos.downloadContent(queued.id)).rejects.toBeInstanceOf(NotFoundError);

    await fetch(`${gateway.url}/api/v1/jobs/${queued.id}/cancel`, { method: "POST" });
    expect(await client.videos.retrieve(queued.id)).toMatchObject({
      status: "failed",
      error: { code: "cancelled" },
      completed_at: expect.any(Number),
    });
    const failed = await errorOf(await v1(`/videos/${queued.id}/content`), 404);
    expect(failed.code).toBe("video_failed");

    const variant = await contract.outsideContract(() => v1(`/videos/${queued.id}/content?variant=poster`));
    expect((await errorOf(variant, 400)).message).toContain("video");
  });

  it.each([
    { name: "malformed JSON", body: "{", type: "application/json", status: 400, outside: true, message: /JSON/ },
    { name: "a text body", body: "make a video", type: "text/plain", status: 400, outside: true, message: /multipart/ },
    { name: "no prompt", body: {}, status: 400, outside: true, param: "prompt", message: /prompt/ },
    { name: "a numeric prompt", body: { prompt: 7 }, status: 400, outside: true, param: "prompt", message: /string/ },
    { name: "an unknown parameter", body: { prompt: "x", quality: "high" }, status: 400, param: "quality" },
    {
      name: "seconds that are no number",
      body: { prompt: "x", seconds: "four" },
      status: 400,
      outside: true,
      param: "seconds",
      message: /'four'.*'1', '2', '3', '4', '5', '6', '8', '10' and '12'/,
    },
    {
      name: "a size the model does not render",
      body: { prompt: "x", size: "1024x1792" },
      status: 400,
      param: "size",
      message: /'1024x1792'.*'1280x720'.*'720x1280'/,
    },
    { name: "a size that is no size", body: { prompt: "x", size: "big" }, status: 400, outside: true, param: "size" },
    {
      name: "an unknown model",
      body: { prompt: "x", model: "acme/ultra" },
      status: 404,
      param: "model",
      message: /'acme\/ultra'.*GET \/api\/v1\/models.*sora-2/,
    },
    {
      name: "an input_reference with both fields",
      body: { prompt: "x", input_reference: { image_url: "https://example.com/a.png", file_id: "upl_x" } },
      status: 400,
      param: "input_reference",
      message: /exactly one/,
    },
    {
      name: "an input_reference naming no upload",
      body: { prompt: "x", input_reference: { file_id: "upl_missing" } },
      status: 400,
      param: "input_reference",
      message: /upl_missing/,
    },
    {
      name: "an input_reference URL that is not http(s)",
      body: { prompt: "x", input_reference: { image_url: "ftp://example.com/a.png" } },
      status: 400,
      param: "input_reference",
      message: /http\(s\)/,
    },
  ])("refuses a create with $name: $status", async (bad) => {
    const send = () =>
      typeof bad.body === "string"
        ? v1("/videos", { method: "POST", headers: { "content-type": bad.type ?? "" }, body: bad.body })
        : postJson("/videos", bad.body);
    const error = await errorOf(await (bad.outside ? contract.outsideContract(send) : send()), bad.status);
    if (bad.param !== undefined) expect(error.param).toBe(bad.param);
    if (bad.message !== undefined) expect(error.message).toMatch(bad.message);
  });

  it("takes input_reference as an upload id or a data URL, in multipart fields or JSON", async () => {
    const png = await makeTestImage({ width: 320, height: 180, format: "png" });
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(png)], { type: "image/png" }), "frame.png");
    const upload = (await (
      await fetch(`${gateway.url}/api/v1/uploads`, { method: "POST", body: form })
    ).json()) as UploadView;

    // The openai client sends the object as `input_reference[file_id]` in multipart.
    const byId = await client.videos.create({ prompt: "From an upload", input_reference: { file_id: upload.id } });
    expect(contract.sent().at(-1)?.contentType).toMatch(/^multipart\/form-data/);
    expect((await nativeJob(byId.id)).request.image).toEqual({ uploadId: upload.id });

    const dataUrl = `data:image/png;base64,${png.toString("base64")}`;
    const byUrl = await client.videos.create({ prompt: "From a data URL", input_reference: { image_url: dataUrl } });
    const fromJson = (await (
      await postJson("/videos", { prompt: "JSON", input_reference: { image_url: dataUrl } })
    ).json()) as {
      id: string;
    };
    // The same bytes are one upload.
    expect((await nativeJob(byUrl.id)).request.image).toEqual({ uploadId: upload.id });
    expect((await nativeJob(fromJson.id)).request.image).toEqual({ uploadId: upload.id });
  });

  it("runs a create that names no model on the default model, and resolves aliases", async () => {
    expect(await client.videos.create({ prompt: "Default model" })).toMatchObject({
      model: "local/preview",
      seconds: "4",
      size: "1280x720",
    });
    expect(await client.videos.create({ prompt: "Alias", model: "sora-2", size: "720x1280" })).toMatchObject({
      model: "local/preview",
      size: "720x1280",
    });
  });

  it("returns the first video for a retried create with the same Idempotency-Key", async () => {
    const body = { prompt: "Retried after a lost answer", seconds: "4" };
    const first = await postJson("/videos", body, { "idempotency-key": "create-once-1" });
    const retry = await postJson("/videos", body, { "idempotency-key": "create-once-1" });
    const other = await postJson("/videos", body, { "idempotency-key": "create-once-2" });
    const [a, b, c] = (await Promise.all([first.json(), retry.json(), other.json()])) as Array<{ id: string }>;
    expect(b?.id).toBe(a?.id);
    expect(c?.id).not.toBe(a?.id);
    const tooLong = await postJson("/videos", body, { "idempotency-key": "k".repeat(201) });
    expect((await errorOf(tooLong, 400)).message).toMatch(/Idempotency-Key/);
  });

  it("refuses to start when an alias or the default model names no model", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "reelay-compat-config-"));
    try {
      const config = loadConfig({
        REELAY_PORT: "0",
        REELAY_DATA_DIR: dataDir,
        REELAY_COMPAT_MODEL_ALIASES: "sora-2=acme/none",
        REELAY_COMPAT_DEFAULT_MODEL: "acme/default",
      });
      const refusal = await startGateway(config, { logger: pino({ level: "silent" }) }).catch(
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(ConfigError);
      expect((refusal as ConfigError).message).toContain("acme/none, acme/default");
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("lists newest or oldest first, after an id, in OpenAI's list envelope", async () => {
    for (const prompt of ["one", "two", "three"]) await client.videos.create({ prompt });
    const native = (await (await fetch(`${gateway.url}/api/v1/jobs?limit=100`)).json()) as { data: JobView[] };
    const newestFirst = native.data.map((job) => job.id);

    const pages: string[][] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 50; guard += 1) {
      const query: string = after === null ? "" : `&after=${after}`;
      const page = (await (await v1(`/videos?limit=2${query}`)).json()) as {
        data: Array<{ id: string }>;
        first_id: string | null;
        last_id: string | null;
        has_more: boolean;
      };
      pages.push(page.data.map((video) => video.id));
      expect(page.first_id).toBe(page.data[0]?.id ?? null);
      expect(page.last_id).toBe(page.data.at(-1)?.id ?? null);
      if (!page.has_more) break;
      after = page.last_id;
    }
    expect(pages.flat()).toEqual(newestFirst);
    expect(pages.slice(0, -1).every((page) => page.length === 2)).toBe(true);

    const oldest = (await (await v1(`/videos?order=asc&limit=100`)).json()) as { data: Array<{ id: string }> };
    expect(oldest.data.map((video) => video.id)).toEqual(newestFirst.toReversed());
    const afterFirst = (await (await v1(`/videos?order=asc&after=${newestFirst.at(-1)}`)).json()) as {
      data: Array<{ id: string }>;
    };
    expect(afterFirst.data[0]?.id).toBe(newestFirst.at(-2));
    expect(await (await v1("/videos?limit=0")).json()).toEqual({
      object: "list",
      data: [],
      first_id: null,
      last_id: null,
      has_more: true,
    });

    await errorOf(await contract.outsideContract(() => v1("/videos?order=sideways")), 400);
    await errorOf(await contract.outsideContract(() => v1("/videos?limit=101")), 400);
    expect((await errorOf(await v1("/videos?after=nonsense"), 400)).param).toBe("after");
  });

  it("deletes a queued video at once, on either API, and it is gone from both", async () => {
    const viaCompat = await client.videos.create({ prompt: "Delete me" });
    expect(await client.videos.delete(viaCompat.id)).toEqual({
      id: viaCompat.id,
      object: "video.deleted",
      deleted: true,
    });
    await expect(client.videos.retrieve(viaCompat.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await fetch(`${gateway.url}/api/v1/jobs/${viaCompat.id}`)).status).toBe(404);
    expect((await client.videos.list({ limit: 100 })).data.map((video) => video.id)).not.toContain(viaCompat.id);

    const viaNative = await client.videos.create({ prompt: "Delete me natively" });
    expect((await fetch(`${gateway.url}/api/v1/jobs/${viaNative.id}`, { method: "DELETE" })).status).toBe(204);
    await expect(client.videos.retrieve(viaNative.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.videos.delete(viaNative.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("remixes only a completed video", async () => {
    const queued = await client.videos.create({ prompt: "Still queued" });
    const refusal: unknown = await client.videos.remix(queued.id, { prompt: "Again" }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(BadRequestError);
    expect((refusal as BadRequestError).message).toContain("only a completed video can be remixed");
    await expect(client.videos.remix("job_unknown", { prompt: "Again" })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("answers unknown routes and too large bodies in OpenAI's envelope", async () => {
    const route = await errorOf(await contract.outsideContract(() => v1("/nothing")), 404);
    expect(route.message).toBe("Invalid URL (GET /v1/nothing).");
    await errorOf(await contract.outsideContract(() => v1("/videos", { method: "PUT" })), 404);
    // The answer comes before the rest of the body is read, and the server then drops the
    // connection: `Connection: close` keeps the client from sending the next request on it.
    const close = { connection: "close" };
    // Room for one 64 KiB image as a data URL, and no more.
    const large = await contract.outsideContract(() => postJson("/videos", { prompt: "x".repeat(600 * 1024) }, close));
    expect((await errorOf(large, 413)).code).toBe("payload_too_large");
    const remix = await contract.outsideContract(() =>
      postJson("/videos/job_x/remix", { prompt: "x".repeat(300 * 1024) }, close),
    );
    await errorOf(remix, 413);
  });

  it("accepts any bearer token, or none, until API keys exist", async () => {
    for (const headers of [{}, { authorization: "Bearer sk-whatever" }] as Array<Record<string, string>>) {
      expect((await v1("/videos?limit=1", { headers })).status).toBe(200);
    }
  });
});
