import { expect } from "vitest";
import { createOpenAiFake, type OpenAiFakeOptions } from "../fake.ts";
import { TEST_KEY } from "./fixtures.ts";

export const START_MS = 1_764_000_000_000;
export const TIMING = { queuedMs: 1_000, renderMs: 10_000 };
export const DONE_MS = TIMING.queuedMs + TIMING.renderMs;

// Response bodies are read loosely; the assertions are what check them.
export type Json = Record<string, any>;

/** A fake on a clock the test moves, called in-process through `app.fetch`. */
export function setupFake(options: OpenAiFakeOptions = {}) {
  let nowMs = START_MS;
  const fake = createOpenAiFake({ apiKey: TEST_KEY, timing: TIMING, now: () => nowMs, ...options });
  const send = async (
    method: string,
    path: string,
    init: { json?: unknown; form?: FormData; key?: string | null } = {},
  ) => {
    const headers: Record<string, string> = {};
    if (init.key !== null) headers.authorization = `Bearer ${init.key ?? TEST_KEY}`;
    if (init.json !== undefined) headers["content-type"] = "application/json";
    const body = init.form ?? (init.json === undefined ? undefined : JSON.stringify(init.json));
    const response = await fake.app.fetch(
      new Request(`http://fake.test${path}`, { method, headers, body: body ?? null }),
    );
    const type = response.headers.get("content-type") ?? "";
    const json: Json = type.includes("json") ? ((await response.json()) as Json) : {};
    return { response, status: response.status, json };
  };
  const create = async (fields: Json = {}) => {
    const result = await send("POST", "/v1/videos", { json: { prompt: "A kite", model: "sora-2", ...fields } });
    expect(result.status, JSON.stringify(result.json)).toBe(200);
    return result.json;
  };
  return { fake, send, create, advance: (ms: number) => (nowMs += ms), now: () => nowMs };
}

/** A multipart body from plain fields and files. */
export function form(fields: Record<string, string | Blob>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}
