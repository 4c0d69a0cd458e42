import { expect } from "vitest";
import { createGoogleVertexFake, type GoogleVertexFakeOptions } from "../fake.ts";

export const ORIGIN = "http://127.0.0.1:9";
export const TOKEN = "ya29.static-test-token";
export const TIMING = { queuedMs: 1_000, renderMs: 4_000 };
export const MODEL = (id: string, project = "proj") =>
  `projects/${project}/locations/us-central1/publishers/google/models/${id}`;
export const TEXT = {
  instances: [{ prompt: "A lighthouse at dusk" }],
  parameters: { aspectRatio: "16:9", durationSeconds: 8, sampleCount: 1 },
};
export const auth = { authorization: `Bearer ${TOKEN}` };

export function setUp(options: GoogleVertexFakeOptions = {}) {
  const clock = { nowMs: 1_800_000_000_000 };
  const fake = createGoogleVertexFake({ apiKey: TOKEN, timing: TIMING, now: () => clock.nowMs, ...options });
  const post = (path: string, body: unknown, headers: Record<string, string> = auth) =>
    fake.app.fetch(
      new Request(`${ORIGIN}${path}`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    );
  const get = (path: string, headers: Record<string, string> = auth) =>
    fake.app.fetch(new Request(`${ORIGIN}${path}`, { headers }));
  const create = (id: string, body: unknown, headers?: Record<string, string>, version = "v1") =>
    post(`/${version}/${MODEL(id)}:predictLongRunning`, body, headers);
  const poll = async (name: string, version = "v1") => {
    const resource = name.split("/operations/")[0] ?? "";
    return (await (
      await post(`/${version}/${resource}:fetchPredictOperation`, { operationName: name })
    ).json()) as Record<string, unknown>;
  };
  const token = (form: Record<string, string>) =>
    fake.app.fetch(
      new Request(`${ORIGIN}/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(form),
      }),
    );
  return { fake, clock, post, get, create, poll, token };
}

export async function errorOf(response: Response) {
  const body = (await response.json()) as {
    error: { code: number; status: string; message: string; details?: unknown[] };
  };
  expect(body.error.code).toBe(response.status);
  return body.error;
}
