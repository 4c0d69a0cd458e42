import { expect } from "vitest";
import { createGoogleFake, type GoogleFakeOptions } from "../fake.ts";

// In-process requests: 127.0.0.1 so that the storage redirect goes to localhost (another origin).
export const ORIGIN = "http://127.0.0.1:9";
export const KEY = "gemini-fake-key";
export const TIMING = { queuedMs: 1_000, renderMs: 4_000 };

export function setUp(options: GoogleFakeOptions = {}) {
  const clock = { nowMs: 1_800_000_000_000 };
  const fake = createGoogleFake({ apiKey: KEY, timing: TIMING, now: () => clock.nowMs, ...options });
  const send = async (
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: unknown; url?: string } = {},
  ) => {
    const headers = init.headers ?? { "x-goog-api-key": KEY };
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    const response = await fake.app.fetch(
      new Request(init.url ?? `${ORIGIN}${path}`, { method, headers, ...(body ? { body } : {}) }),
    );
    return response;
  };
  const create = (model: string, body: unknown, headers?: Record<string, string>) =>
    send("POST", `/v1beta/models/${model}:predictLongRunning`, { body, ...(headers ? { headers } : {}) });
  const poll = async (name: string) => (await (await send("GET", `/v1beta/${name}`)).json()) as Record<string, unknown>;
  return { fake, clock, send, create, poll };
}

export const TEXT = {
  instances: [{ prompt: "A lighthouse at dusk" }],
  parameters: { aspectRatio: "16:9", durationSeconds: 8, sampleCount: 1 },
};
export const VEO_2 = "veo-2.0-generate-001";

export async function errorOf(
  response: Response,
): Promise<{ code: number; status: string; message: string; details?: unknown[] }> {
  const body = (await response.json()) as {
    error: { code: number; status: string; message: string; details?: unknown[] };
  };
  expect(body.error.code).toBe(response.status);
  return body.error;
}
