import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";

interface BadRequest {
  name: string;
  method?: string;
  path?: string;
  body?: string;
  headers?: Record<string, string>;
  status: number;
  code?: string;
}

const JSON_TYPE = { "content-type": "application/json" };
const valid = { model: "local/preview", prompt: "A beautiful sunset over mountains" };
const withField = (fields: Record<string, unknown>) => JSON.stringify({ ...valid, ...fields });

const cases: BadRequest[] = [
  { name: "malformed JSON", body: "{", status: 400, code: "invalid_json" },
  { name: "truncated JSON", body: '{"model":"local/preview","prompt":"x"', status: 400, code: "invalid_json" },
  { name: "XML body labelled JSON", body: "<job/>", status: 400, code: "invalid_json" },
  { name: "JSON array body", body: "[]", status: 400, code: "invalid_request" },
  { name: "JSON string body", body: '"hello"', status: 400, code: "invalid_request" },
  { name: "JSON null body", body: "null", status: 400, code: "invalid_request" },
  { name: "empty body", body: "", status: 400 },
  { name: "no content type", body: withField({}), headers: {}, status: 415, code: "unsupported_media_type" },
  { name: "text/plain body", body: withField({}), headers: { "content-type": "text/plain" }, status: 415 },
  {
    name: "form body",
    body: "model=local/preview",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    status: 415,
  },
  { name: "missing model", body: JSON.stringify({ prompt: "x" }), status: 400, code: "invalid_request" },
  { name: "model is a number", body: withField({ model: 5 }), status: 400 },
  { name: "model is empty", body: withField({ model: "" }), status: 400 },
  { name: "model id too long", body: withField({ model: "x".repeat(300) }), status: 400 },
  { name: "unknown model", body: withField({ model: "acme/ultra" }), status: 422, code: "validation_failed" },
  { name: "prompt is a number", body: withField({ prompt: 42 }), status: 400 },
  { name: "prompt is an object", body: withField({ prompt: { text: "x" } }), status: 400 },
  { name: "prompt beyond the edge limit", body: withField({ prompt: "x".repeat(25_000) }), status: 400 },
  { name: "prompt beyond the model limit", body: withField({ prompt: "x".repeat(5_000) }), status: 422 },
  { name: "prompt missing for text-to-video", body: JSON.stringify({ model: "local/preview" }), status: 422 },
  { name: "prompt empty", body: withField({ prompt: "" }), status: 422 },
  { name: "duration as string", body: withField({ durationSeconds: "8" }), status: 400 },
  { name: "duration negative", body: withField({ durationSeconds: -4 }), status: 400 },
  { name: "duration zero", body: withField({ durationSeconds: 0 }), status: 400 },
  { name: "duration huge", body: withField({ durationSeconds: 1e9 }), status: 400 },
  { name: "duration not offered", body: withField({ durationSeconds: 7 }), status: 422, code: "validation_failed" },
  { name: "duration fractional", body: withField({ durationSeconds: 4.5 }), status: 422 },
  { name: "aspect ratio as number", body: withField({ aspectRatio: 1.77 }), status: 400 },
  { name: "aspect ratio unknown", body: withField({ aspectRatio: "2:1" }), status: 422 },
  { name: "resolution unknown", body: withField({ resolution: "8k" }), status: 422 },
  { name: "resolution as number", body: withField({ resolution: 720 }), status: 400 },
  { name: "seed negative", body: withField({ seed: -1 }), status: 400 },
  { name: "seed fractional", body: withField({ seed: 1.5 }), status: 400 },
  { name: "seed as string", body: withField({ seed: "42" }), status: 400 },
  { name: "seed too large", body: withField({ seed: 2 ** 40 }), status: 400 },
  { name: "audio as string", body: withField({ audio: "yes" }), status: 400 },
  { name: "unknown field", body: withField({ foo: 1 }), status: 400, code: "invalid_request" },
  { name: "snake_case field", body: withField({ duration_seconds: 8 }), status: 400 },
  { name: "metadata value not a string", body: withField({ metadata: { a: 1 } }), status: 400 },
  {
    name: "metadata too many keys",
    body: withField({ metadata: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, "v"])) }),
    status: 400,
  },
  { name: "metadata value too long", body: withField({ metadata: { a: "v".repeat(600) } }), status: 400 },
  { name: "metadata is an array", body: withField({ metadata: ["a"] }), status: 400 },
  { name: "deadline of zero seconds", body: withField({ deadlineSeconds: 0 }), status: 400, code: "invalid_request" },
  { name: "deadline beyond 48 h", body: withField({ deadlineSeconds: 172_801 }), status: 400 },
  { name: "fractional deadline", body: withField({ deadlineSeconds: 1.5 }), status: 400 },
  { name: "providerOptions is an array", body: withField({ providerOptions: [1] }), status: 400 },
  { name: "providerOptions is a string", body: withField({ providerOptions: "fast" }), status: 400 },
  {
    name: "providerOptions the model does not take",
    body: withField({ providerOptions: { turbo: true } }),
    status: 422,
  },
  { name: "negative prompt as number", body: withField({ negativePrompt: 3 }), status: 400 },
  {
    name: "audio on a model without audio",
    body: JSON.stringify({ model: "runway/gen4_turbo", prompt: "x", audio: true }),
    status: 422,
  },
  {
    name: "retired model",
    body: withField({ model: "google-vertex/veo-3.0-generate-001" }),
    status: 410,
    code: "model_retired",
  },
  {
    name: "model whose adapter is not in this build",
    body: withField({ model: "google-vertex/veo-3.1-generate-001" }),
    status: 422,
    code: "model_unavailable",
  },
  {
    name: "10 MB body",
    body: JSON.stringify({ ...valid, prompt: "x".repeat(10 * 1024 * 1024) }),
    status: 413,
    code: "payload_too_large",
  },
  {
    name: "idempotency key too long",
    body: withField({}),
    headers: { ...JSON_TYPE, "idempotency-key": "k".repeat(300) },
    status: 400,
  },
  { name: "unknown job", method: "GET", path: "/api/v1/jobs/job_doesnotexist", status: 404, code: "job_not_found" },
  { name: "unknown job content", method: "GET", path: "/api/v1/jobs/job_doesnotexist/content", status: 404 },
  { name: "unknown job thumbnail", method: "GET", path: "/api/v1/jobs/job_doesnotexist/thumbnail", status: 404 },
  { name: "cancel unknown job", method: "POST", path: "/api/v1/jobs/job_doesnotexist/cancel", status: 404 },
  { name: "list with limit 0", method: "GET", path: "/api/v1/jobs?limit=0", status: 400 },
  { name: "list with limit 1000", method: "GET", path: "/api/v1/jobs?limit=1000", status: 400 },
  { name: "list with limit text", method: "GET", path: "/api/v1/jobs?limit=abc", status: 400 },
  { name: "list with unknown status", method: "GET", path: "/api/v1/jobs?status=done", status: 400 },
  {
    name: "list with forged cursor",
    method: "GET",
    path: "/api/v1/jobs?cursor=not-a-cursor",
    status: 400,
    code: "invalid_cursor",
  },
  { name: "list with unknown parameter", method: "GET", path: "/api/v1/jobs?sort=asc", status: 400 },
  {
    name: "unknown model by id",
    method: "GET",
    path: "/api/v1/models/acme%2Fultra",
    status: 404,
    code: "model_not_found",
  },
  { name: "unknown model by path", method: "GET", path: "/api/v1/models/acme/ultra", status: 404 },
  { name: "unknown route", method: "GET", path: "/api/v1/nothing", status: 404, code: "not_found" },
  { name: "wrong method on jobs", method: "PUT", path: "/api/v1/jobs", body: withField({}), status: 404 },
  { name: "delete an unknown job", method: "DELETE", path: "/api/v1/jobs/job_x", status: 404, code: "job_not_found" },
  { name: "validate malformed JSON", path: "/api/v1/validate", body: "{]", status: 400, code: "invalid_json" },
  { name: "validate unknown field", path: "/api/v1/validate", body: withField({ colour: "red" }), status: 400 },
  { name: "validate without content type", path: "/api/v1/validate", body: withField({}), headers: {}, status: 415 },
  { name: "style id not a slug", body: withField({ style: "Film Noir" }), status: 400, code: "invalid_request" },
  { name: "category as number", body: withField({ category: 3 }), status: 400 },
  { name: "preset id too long", body: withField({ preset: "p".repeat(65) }), status: 400 },
  { name: "unknown style", body: withField({ style: "neon" }), status: 422, code: "validation_failed" },
  { name: "unknown category", body: withField({ category: "cats" }), status: 422, code: "validation_failed" },
  {
    name: "unknown preset without a model",
    body: JSON.stringify({ preset: "nope", prompt: "x" }),
    status: 422,
    code: "validation_failed",
  },
  {
    name: "preset whose model cannot take the request's duration",
    body: JSON.stringify({ preset: "quick-preview", prompt: "x", durationSeconds: 7 }),
    status: 422,
  },
  { name: "list with category not a slug", method: "GET", path: "/api/v1/jobs?category=Big%20Cats", status: 400 },
  { name: "list with empty search", method: "GET", path: "/api/v1/jobs?q=", status: 400 },
  {
    name: "list with search beyond 200 characters",
    method: "GET",
    path: `/api/v1/jobs?q=${"x".repeat(201)}`,
    status: 400,
  },
  { name: "unknown style by id", method: "GET", path: "/api/v1/styles/neon", status: 404, code: "style_not_found" },
  { name: "unknown preset by id", method: "GET", path: "/api/v1/presets/nope", status: 404, code: "preset_not_found" },
  { name: "item id not a slug", method: "GET", path: "/api/v1/categories/Big_Cats", status: 400 },
  {
    name: "style that changes nothing",
    path: "/api/v1/styles",
    body: JSON.stringify({ id: "plain", name: "Plain" }),
    status: 400,
    code: "invalid_request",
  },
  {
    name: "style with an unknown field",
    path: "/api/v1/styles",
    body: JSON.stringify({ id: "neon", name: "Neon", promptSuffix: ", neon", colour: "pink" }),
    status: 400,
  },
  {
    name: "style without content type",
    path: "/api/v1/styles",
    body: JSON.stringify({ id: "neon", name: "Neon", promptSuffix: ", neon" }),
    headers: {},
    status: 415,
  },
  { name: "category without a name", path: "/api/v1/categories", body: JSON.stringify({ id: "cats" }), status: 400 },
  {
    name: "category with a built-in id",
    path: "/api/v1/categories",
    body: JSON.stringify({ id: "nature", name: "My nature" }),
    status: 409,
    code: "name_taken",
  },
  {
    name: "preset the model cannot honour",
    path: "/api/v1/presets",
    body: JSON.stringify({ id: "huge", name: "Huge", model: "local/preview", parameters: { resolution: "4k" } }),
    status: 422,
    code: "validation_failed",
  },
  {
    name: "preset parameters with a prompt",
    path: "/api/v1/presets",
    body: JSON.stringify({ id: "fox", name: "Fox", model: "local/preview", parameters: { prompt: "a fox" } }),
    status: 400,
  },
  {
    name: "preset naming an unknown style",
    path: "/api/v1/presets",
    body: JSON.stringify({ id: "neon-fox", name: "Neon fox", model: "local/preview", style: "neon" }),
    status: 422,
  },
  { name: "delete a built-in style", method: "DELETE", path: "/api/v1/styles/noir", status: 409, code: "read_only" },
  {
    name: "delete an unknown category",
    method: "DELETE",
    path: "/api/v1/categories/cats",
    status: 404,
    code: "category_not_found",
  },
  { name: "callback from an unknown provider", path: "/callbacks/acme", body: "{}", status: 404, code: "not_found" },
  {
    name: "callback from a provider whose callbacks are not configured",
    path: "/callbacks/runway",
    body: '{"id":"t"}',
    status: 404,
    code: "not_found",
  },
];

describe("bad requests", () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    // A 1 MiB image limit keeps the job body limit (room for two data URIs) under the 10 MB case.
    gateway = await startTestGateway({ REELAY_WORKER: "off", REELAY_MAX_UPLOAD_BYTES: String(1024 * 1024) });
  });
  afterAll(async () => {
    await gateway.dispose();
  });

  it("covers at least 50 kinds of bad request", () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });

  it.each(cases)("$name → $status", async (bad) => {
    const response = await fetch(`${gateway.url}${bad.path ?? "/api/v1/jobs"}`, {
      method: bad.method ?? "POST",
      headers: bad.headers ?? (bad.body === undefined ? {} : JSON_TYPE),
      body: bad.body,
    });
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(response.status).toBe(bad.status);
    expect(body.error.message.length).toBeGreaterThan(10);
    if (bad.code) expect(body.error.code).toBe(bad.code);
  });

  const createJob = (body: Record<string, unknown>) =>
    fetch(`${gateway.url}/api/v1/jobs`, { method: "POST", headers: JSON_TYPE, body: JSON.stringify(body) });

  it("lists every problem of a runway/gen4_turbo request at once, with the allowed values", async () => {
    // gen4_turbo takes any whole number of seconds from 2 to 10 (since 2025-10-08), so 7 s is fine;
    // "2:1" is no ratio of it, and it needs an image: both are listed in one answer.
    const response = await createJob({
      model: "runway/gen4_turbo",
      prompt: "x",
      durationSeconds: 7,
      aspectRatio: "2:1",
    });
    expect(response.status).toBe(422);
    const { error } = (await response.json()) as {
      error: { issues: Array<{ field: string; code: string; allowed?: unknown[] }> };
    };
    expect(error.issues.map((issue) => issue.field).toSorted()).toEqual(["aspectRatio", "model"]);
    expect(error.issues.find((issue) => issue.field === "aspectRatio")?.allowed).toEqual(
      expect.arrayContaining(["16:9", "9:16", "1:1", "4:3", "3:4", "21:9"]),
    );
    expect(error.issues.find((issue) => issue.field === "model")?.code).toBe("text_to_video_unsupported");

    const beyond = await createJob({
      model: "runway/gen4_turbo",
      prompt: "x",
      durationSeconds: 12,
      aspectRatio: "2:1",
    });
    const issues = ((await beyond.json()) as { error: { issues: Array<{ field: string; allowed?: unknown[] }> } }).error
      .issues;
    expect(issues.find((issue) => issue.field === "durationSeconds")?.allowed).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(issues.find((issue) => issue.field === "aspectRatio")).toBeDefined();
  });

  it("names the ids there are for an unknown style, and the slug rule for a malformed one", async () => {
    const unknown = await createJob({ ...valid, style: "neon" });
    const { error } = (await unknown.json()) as { error: { message: string; issues: Array<{ allowed?: unknown[] }> } };
    expect(error.message).toContain('Unknown style "neon"; available: cinematic, anime, documentary, watercolor, noir');
    expect(error.issues[0]?.allowed).toEqual(["cinematic", "anime", "documentary", "watercolor", "noir"]);
    const malformed = await createJob({ ...valid, category: "Big Cats" });
    const body = (await malformed.json()) as { error: { message: string } };
    expect(body.error.message).toContain("category: must be 1–64 lowercase letters, digits and hyphens");
    const noModel = await createJob({ prompt: "x" });
    expect(((await noModel.json()) as { error: { message: string } }).error.message).toContain(
      "a model is required unless preset names a preset",
    );
  });

  const sendWithKey = (prompt: string) =>
    fetch(`${gateway.url}/api/v1/jobs`, {
      method: "POST",
      headers: { ...JSON_TYPE, "idempotency-key": "same-key" },
      body: withField({ prompt }),
    });

  it("answers 409 when an idempotency key is reused for a different body", async () => {
    const first = await sendWithKey("first");
    const repeat = await sendWithKey("first");
    const other = await sendWithKey("second");
    expect(first.status).toBe(202);
    expect(repeat.status).toBe(200);
    expect(((await repeat.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    expect(other.status).toBe(409);
  });

  it("answers 409 for the content of a job that has not finished", async () => {
    const created = await fetch(`${gateway.url}/api/v1/jobs`, {
      method: "POST",
      headers: JSON_TYPE,
      body: withField({}),
    });
    const job = (await created.json()) as { id: string; status: string };
    expect(job.status).toBe("queued");
    const content = await fetch(`${gateway.url}/api/v1/jobs/${job.id}/content`);
    expect(content.status).toBe(409);
    expect(((await content.json()) as { error: { code: string } }).error.code).toBe("job_not_finished");
  });
});
