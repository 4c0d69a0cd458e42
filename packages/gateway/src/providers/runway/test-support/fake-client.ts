import type { FakeProvider } from "../../shared/fake-server.ts";
import { RUNWAY_API_VERSION } from "../api.ts";

export const TEST_KEY = "key_test";

/** The headers Runway requires on every API call. */
export const RUNWAY_HEADERS = {
  Authorization: `Bearer ${TEST_KEY}`,
  "X-Runway-Version": RUNWAY_API_VERSION,
} as const;

export interface FakeAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

/** Calls a fake in-process (no sockets), with Runway's headers unless `headers` replaces them. */
export async function callFake(
  fake: FakeProvider,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<FakeAnswer> {
  const hasBody = options.body !== undefined || options.rawBody !== undefined;
  const response = await fake.app.fetch(
    new Request(`http://runway.fake${path}`, {
      method,
      headers: {
        ...(options.headers ?? RUNWAY_HEADERS),
        ...(hasBody && options.headers === undefined ? { "Content-Type": "application/json" } : {}),
      },
      ...(hasBody ? { body: options.rawBody ?? JSON.stringify(options.body) } : {}),
    }),
  );
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON (204, XML, MP4): `text` says what it was.
  }
  return { status: response.status, headers: response.headers, text, json };
}
