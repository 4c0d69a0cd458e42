import { mkdtemp, rm } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { OutputDownloadError } from "../../core/errors.ts";
import type { OutputRehoster } from "../../core/types.ts";
import { startTestServer, type TestServer } from "../../net/test-support/test-server.ts";
import { createFileMediaStore } from "../file-media-store.ts";
import type { MediaStore } from "../media-store.ts";
import { createOutputRehoster, type OutputRehosterOptions } from "../rehost-output.ts";
import { makeSyntheticVideo, type SyntheticVideoOptions } from "../synthetic-video.ts";

/** What the tests of a file download from and store into, each ready once its hook has run. */
export interface DownloadFixture {
  /** The synthetic video the routes serve. */
  readonly video: Uint8Array;
  /** Where the first server listens. */
  readonly baseUrl: string;
  /** A second server with the same routes on another port, i.e. another origin. */
  readonly otherOriginUrl: string;
  /** The folder of the media store, new and empty for each test. */
  readonly root: string;
  readonly store: MediaStore;
  /** A rehoster into `store` with room for the test video and a 5 s time limit, unless overridden. */
  rehoster(overrides?: Partial<OutputRehosterOptions>): OutputRehoster;
}

export interface DownloadFixtureOptions {
  video: SyntheticVideoOptions;
  /** Prefix of each test's temporary folder. */
  tempPrefix: string;
  /** What both servers answer. */
  route(request: IncomingMessage, response: ServerResponse): void;
}

/**
 * Registers the hooks of a test file that downloads provider outputs: makes the video and starts
 * both servers before all tests, gives each test a fresh file media store, and removes it all after.
 */
export function useDownloadFixture(options: DownloadFixtureOptions): DownloadFixture {
  let video: Uint8Array = new Uint8Array();
  let servers: TestServer[] = [];
  let root = "";
  let store: MediaStore | undefined;
  const url = (index: number) => {
    const server = servers[index];
    return server ? `http://${server.host}:${server.port}` : "";
  };
  beforeAll(async () => {
    video = await makeSyntheticVideo(options.video);
    servers = await Promise.all([startTestServer(options.route), startTestServer(options.route)]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), options.tempPrefix));
    store = createFileMediaStore(root);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });
  const fixture: DownloadFixture = {
    get video() {
      return video;
    },
    get baseUrl() {
      return url(0);
    },
    get otherOriginUrl() {
      return url(1);
    },
    get root() {
      return root;
    },
    get store() {
      if (store === undefined) throw new Error("the media store is made before each test");
      return store;
    },
    rehoster: (overrides = {}) =>
      createOutputRehoster({ store: fixture.store, fetch, maxBytes: 10_000_000, timeoutMs: 5_000, ...overrides }),
  };
  return fixture;
}

/** The error a download that must fail was rejected with, checked to be an `OutputDownloadError`. */
export async function downloadFailure(promise: Promise<unknown>): Promise<OutputDownloadError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OutputDownloadError);
  return error as OutputDownloadError;
}
