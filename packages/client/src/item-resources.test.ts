import { describe, expect, it } from "vitest";
import { Reelay } from "./client.ts";
import { ReelayApiError } from "./errors.ts";
import { createFakeFetch, errorResponse, type FakeHandler, jsonResponse } from "./test-support/fake-fetch.ts";
import type { StyleView } from "./wire-presets.ts";

function clientWith(handler: FakeHandler) {
  const fake = createFakeFetch(handler);
  return { client: new Reelay({ baseUrl: "http://reelay.test", fetch: fake.fetch }), calls: fake.calls };
}

const STYLE: StyleView = {
  id: "pastel",
  name: "Pastel",
  description: "",
  promptPrefix: "",
  promptSuffix: ", pastel colours",
  negativePrompt: null,
  builtIn: false,
  createdAt: "2026-01-01T00:00:00.000Z",
};

describe("presets, styles and categories", () => {
  it("reach their own paths with the methods of list, get, create and delete", async () => {
    const { client, calls } = clientWith((call) =>
      call.method === "DELETE"
        ? new Response(null, { status: 204 })
        : call.url.pathname.endsWith("/styles") && call.method === "GET"
          ? jsonResponse({ object: "list", data: [STYLE] })
          : jsonResponse(STYLE, { status: call.method === "POST" ? 201 : 200 }),
    );
    expect((await client.styles.list()).data).toEqual([STYLE]);
    expect(await client.styles.get("pastel")).toEqual(STYLE);
    const { builtIn: _builtIn, createdAt: _createdAt, ...request } = STYLE;
    expect(await client.styles.create(request)).toEqual(STYLE);
    await client.categories.delete("big/cats");
    await client.presets.get("quick-preview");
    expect(calls.map((call) => `${call.method} ${call.url.pathname}`)).toEqual([
      "GET /api/v1/styles",
      "GET /api/v1/styles/pastel",
      "POST /api/v1/styles",
      "DELETE /api/v1/categories/big%2Fcats",
      "GET /api/v1/presets/quick-preview",
    ]);
    expect(JSON.parse(String(calls[2]?.body))).toEqual(request);
    expect(calls[2]?.headers.get("content-type")).toBe("application/json");
  });

  it("surfaces the server's codes for a taken id and an unknown one without retrying them", async () => {
    const { client, calls } = clientWith((call) =>
      call.method === "POST"
        ? errorResponse(409, "name_taken", { headers: { "x-should-retry": "false" } })
        : errorResponse(404, "preset_not_found"),
    );
    const taken = await client.styles
      .create({ id: "noir", name: "Noir", promptSuffix: ", noir" })
      .catch((caught: unknown) => caught);
    expect(taken).toBeInstanceOf(ReelayApiError);
    expect((taken as ReelayApiError).code).toBe("name_taken");
    const missing = await client.presets.get("nope").catch((caught: unknown) => caught);
    expect((missing as ReelayApiError).code).toBe("preset_not_found");
    expect(calls).toHaveLength(2);
  });
});

describe("jobs.list filters", () => {
  it("sends category and q as query parameters", async () => {
    const { client, calls } = clientWith(() => jsonResponse({ object: "list", data: [], nextCursor: null }));
    await client.jobs.list({ category: "nature", q: "red fox", limit: 5 });
    expect(Object.fromEntries(calls[0]?.url.searchParams ?? [])).toEqual({
      category: "nature",
      q: "red fox",
      limit: "5",
    });
  });
});
