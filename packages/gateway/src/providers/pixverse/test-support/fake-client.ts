import { randomUUID } from "node:crypto";
import sharp from "sharp";
import type { ModelSpec } from "../../../core/model-spec.ts";
import type { NormalizedRequest } from "../../../core/types.ts";
import type { ProviderContext } from "../../provider.ts";
import { createPixverseFake, PIXVERSE_FAKE_BASE_PATH, type PixverseFake, type PixverseFakeOptions } from "../fake.ts";
import { pixverseModels } from "../models.ts";
import { contextFor, requestFor } from "../../../test-support/spec-request.ts";

export const TEST_KEY = "pv-test-key-0123456789";
export const START_MS = 1_764_000_000_000;
export const TIMING = { queuedMs: 1_000, renderMs: 10_000 };
/** In-process fakes answer on this origin; adapters use it plus the base path. */
export const FAKE_ORIGIN = "http://pixverse.fake";
export const FAKE_BASE_URL = `${FAKE_ORIGIN}${PIXVERSE_FAKE_BASE_PATH}`;

// Envelopes are read loosely; the assertions are what check them.
export type Json = Record<string, any>;

/** The catalog's PixVerse model by vendor id; tests run against the real catalog data. */
export function pixverseSpec(vendorModelId: string): ModelSpec {
  const spec = pixverseModels.find((model) => model.vendorModelId === vendorModelId);
  if (spec === undefined) throw new Error(`no PixVerse model ${vendorModelId} in the catalog`);
  return spec;
}

export function pixverseRequest(spec: ModelSpec, fields: Partial<NormalizedRequest> = {}): NormalizedRequest {
  return requestFor(spec, { prompt: "A red fox trotting through fresh snow", ...fields });
}

export function pixverseContext(spec: ModelSpec, overrides: Partial<ProviderContext> = {}): ProviderContext {
  return contextFor(spec, { jobId: "job_pixverse_test", ...overrides });
}

/** A small solid PNG. */
export function solidPng(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 90, b: 160 } } })
    .png()
    .toBuffer();
}

/** A fake on a clock the test moves, called in-process with PixVerse's headers. */
export function setupFake(options: PixverseFakeOptions = {}) {
  let nowMs = START_MS;
  const fake: PixverseFake = createPixverseFake({ apiKey: TEST_KEY, timing: TIMING, now: () => nowMs, ...options });
  const send = async (
    method: string,
    path: string,
    init: { json?: unknown; form?: FormData; headers?: Record<string, string>; traceId?: string } = {},
  ) => {
    const headers: Record<string, string> = init.headers ?? {
      "API-KEY": TEST_KEY,
      "Ai-trace-id": init.traceId ?? randomUUID(),
    };
    if (init.json !== undefined) headers["Content-Type"] = "application/json";
    const body = init.form ?? (init.json === undefined ? undefined : JSON.stringify(init.json));
    const url = path.startsWith("http") ? path : `${FAKE_BASE_URL}${path}`;
    const response = await fake.app.fetch(new Request(url, { method, headers, body: body ?? null }));
    const type = response.headers.get("content-type") ?? "";
    const json: Json = type.includes("json") ? ((await response.json()) as Json) : {};
    return { response, status: response.status, json };
  };
  const upload = async (png: Buffer, traceId?: string) => {
    const form = new FormData();
    form.append("image", new Blob([new Uint8Array(png)], { type: "image/png" }), "frame.png");
    return send("POST", "/image/upload", { form, ...(traceId === undefined ? {} : { traceId }) });
  };
  return { fake, send, upload, advance: (ms: number) => (nowMs += ms), now: () => nowMs };
}
