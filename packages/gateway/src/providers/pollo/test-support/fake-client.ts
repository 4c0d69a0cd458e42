import type { FakeProvider } from "../../shared/fake-server.ts";

export const TEST_KEY = "pollo_test_key_0123456789";

/** A fake answer, its body parsed loosely: the assertions are what check it. */
export interface PolloAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, any>;
}

/** Sends one request to a Pollo fake in-process, with `x-api-key` unless `key` is null. */
export async function sendToPollo(
  fake: FakeProvider,
  method: string,
  path: string,
  init: { body?: unknown; key?: string | null } = {},
): Promise<PolloAnswer> {
  const headers: Record<string, string> = {};
  if (init.key !== null) headers["x-api-key"] = init.key ?? TEST_KEY;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const response = await fake.app.fetch(
    new Request(`http://pollo.fake${path}`, {
      method,
      headers,
      ...(init.body === undefined
        ? {}
        : { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) }),
    }),
  );
  const text = await response.text();
  let json: PolloAnswer["json"] = {};
  try {
    json = JSON.parse(text) as PolloAnswer["json"];
  } catch {
    // Not JSON (HTML, XML, MP4): `text` says what it was.
  }
  return { status: response.status, headers: response.headers, text, json };
}
