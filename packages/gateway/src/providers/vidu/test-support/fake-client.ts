import { createViduFake, type ViduFakeOptions } from "../fake.ts";
import type { FakeProvider } from "../../shared/fake-server.ts";

export const TEST_KEY = "vda_test_key_0001";
export const START_MS = 1_764_000_000_000;
export const TIMING = { queuedMs: 1_000, renderMs: 10_000 };

export interface FakeAnswer {
  status: number;
  headers: Headers;
  text: string;
  // Response bodies are read loosely; the assertions are what check them.
  json: Record<string, any>;
}

/** Calls a fake in-process (no sockets) with Vidu's `Token` header unless `headers` replaces it. */
export async function callFake(
  fake: FakeProvider,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<FakeAnswer> {
  const response = await fake.app.fetch(
    new Request(`http://vidu.fake${path}`, {
      method,
      headers: options.headers ?? { Authorization: `Token ${TEST_KEY}`, "Content-Type": "application/json" },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    }),
  );
  const text = method === "GET" && path.startsWith("/infer/") ? "" : await response.text();
  let json: Record<string, any> = {};
  try {
    json = JSON.parse(text) as Record<string, any>;
  } catch {
    // Not JSON (XML, binary): `text` or the response says what it was.
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A fake on a clock the test moves. */
export function setupFake(options: ViduFakeOptions = {}) {
  let nowMs = START_MS;
  const fake = createViduFake({ apiKey: TEST_KEY, timing: TIMING, now: () => nowMs, ...options });
  const call = (method: string, path: string, body?: unknown) => callFake(fake, method, path, { body });
  return { fake, call, advance: (ms: number) => (nowMs += ms), now: () => nowMs };
}
