import type { FakeCallbackControl } from "./fake-callbacks.ts";
import type { createFakeFaults } from "./fake-faults.ts";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { makeSyntheticVideo } from "../../media/synthetic-video.ts";

/** How long a fake takes over a task. Short by default so tests and the sandbox are quick. */
export interface FakeTiming {
  /** Time a task waits before it starts rendering. */
  queuedMs: number;
  /** Time it renders. */
  renderMs: number;
}

export const DEFAULT_FAKE_TIMING: FakeTiming = { queuedMs: 300, renderMs: 1_500 };

/** Where a fake task stands at `nowMs`, with a progress figure for providers that report one. */
export function fakePhase(
  createdAtMs: number,
  nowMs: number,
  timing: FakeTiming,
): { phase: "queued" | "running" | "done"; progress: number } {
  const elapsed = nowMs - createdAtMs;
  if (elapsed < timing.queuedMs) return { phase: "queued", progress: 0 };
  const rendering = elapsed - timing.queuedMs;
  if (rendering < timing.renderMs) return { phase: "running", progress: rendering / timing.renderMs };
  return { phase: "done", progress: 1 };
}

const videoCache = new Map<string, Promise<Uint8Array>>();

/**
 * A real H.264 MP4 standing in for a provider's output: the requested shape (small frames, to be
 * quick) and duration. Cached per shape and duration, so a fake serves many tasks cheaply.
 */
export function fakeVideo(width: number, height: number, durationSeconds: number): Promise<Uint8Array> {
  // Short side 180 px, even sides: the shape is right, the pixels are few.
  const scale = 180 / Math.min(width, height);
  const even = (value: number) => Math.max(2, Math.round((value * scale) / 2) * 2);
  const key = `${even(width)}x${even(height)}x${durationSeconds}`;
  let video = videoCache.get(key);
  if (video === undefined) {
    video = makeSyntheticVideo({ width: even(width), height: even(height), durationSeconds, frameRate: 12 });
    videoCache.set(key, video);
  }
  return video;
}

export interface ServedFake {
  url: string;
  close(): Promise<void>;
}

/** Serves a fake's Hono app over real HTTP on `host:port` (127.0.0.1, a free port by default). */
export async function serveFake(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  port = 0,
  host = "127.0.0.1",
): Promise<ServedFake> {
  const server = await new Promise<ServerType>((resolve, reject) => {
    const instance = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(instance));
    instance.once("error", reject);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging faults keep connections open; close them so tests end promptly.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** Settings every fake takes. */
export interface FakeOptions {
  timing?: FakeTiming;
  /** How long output URLs stay valid; after that they answer as the provider's expired URLs do. */
  outputTtlMs?: number;
  /** The only key (or token) the fake accepts; any non-empty one when absent. */
  apiKey?: string;
  /** Time source, for tests that step time. */
  now?: () => number;
}

/** A provider's fake: a Hono app (serve it with `serveFake`) and its fault injector. */
export interface FakeProvider {
  app: { fetch: (request: Request) => Response | Promise<Response> };
  faults: ReturnType<typeof createFakeFaults>;
  /** Fakes of providers that send callbacks: the in-process side of `/__fake/callbacks`. */
  callbacks?: FakeCallbackControl;
  /** Stops what the fake does by itself (pending callbacks); `ServedFake.close` stops serving it. */
  close?(): void;
}
