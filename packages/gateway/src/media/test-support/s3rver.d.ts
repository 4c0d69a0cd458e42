/** The part of s3rver's API the tests use (the package ships no types). */
declare module "@20minutes/s3rver" {
  /** The part of a Koa context the test server's own middleware reads and writes. */
  export interface S3rverContext {
    method: string;
    path: string;
    query: Record<string, string | string[] | undefined>;
    status: number;
    type: string;
    body: unknown;
  }
  export type S3rverMiddleware = (context: S3rverContext, next: () => Promise<void>) => Promise<void>;

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory: string;
    /** Buckets made at start through the store, not through a signed request. */
    configureBuckets?: { name: string }[];
  }
  export default class S3rver {
    constructor(options: S3rverOptions);
    /** Koa's middleware, run in this order for every request. */
    middleware: S3rverMiddleware[];
    store: {
      /** A bucket's resource on disk; `uploads` holds one folder per multipart upload in progress. */
      getResourcePath(bucket: string, key: undefined, resource: "uploads"): string;
    };
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
}
