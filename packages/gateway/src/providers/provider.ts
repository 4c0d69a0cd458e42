import type { Clock } from "../core/clock.ts";
import type {
  Failure,
  ValidationIssue,
  NormalizedRequest,
  ProviderId,
  ProviderOutput,
  ProviderTask,
  Warning,
} from "../core/types.ts";
import type { ModelSpec } from "../core/model-spec.ts";

/** An input image already prepared for this model, ready to hand to the provider. */
export interface PreparedImage {
  mediaType: string;
  width: number;
  height: number;
  sizeBytes: number;
  sha256: string;
  /** The prepared bytes (small: within the model's `maxBytes`). */
  read(): Promise<Buffer>;
  /** The file on this machine, when storage is local (the local renderer reads it directly). */
  localPath: string | null;
  /**
   * A signed, non-redirecting URL the provider can fetch until it expires: presigned on the bucket
   * when media is on S3, otherwise Reelay's own signed `/media` URL.
   */
  signedUrl(ttlSeconds: number): Promise<string>;
}

/** What every adapter call gets besides its arguments. Time and `fetch` are injected. */
export interface ProviderContext {
  jobId: string;
  spec: ModelSpec;
  clock: Clock;
  fetch: typeof fetch;
  /** The job's input images, prepared for `spec`. */
  images: { image?: PreparedImage; lastFrame?: PreparedImage };
  /** Aborted when the call should give up (shutdown or call timeout). */
  signal: AbortSignal;
  /**
   * Where the provider should post callbacks about this job, for providers that take a callback
   * URL per request (Pollo's `webhookUrl`, Vidu's `callback_url`); null when callbacks are off.
   */
  callbackUrl: string | null;
}

/** What a call that belongs to no job gets (`checkKey`): its clock, `fetch` and time limit. */
export type ProviderCallContext = Pick<ProviderContext, "clock" | "fetch" | "signal">;

/**
 * What one cheap authenticated call said about the configured key (or token). Data, never thrown:
 * `refused` when the provider turned the credentials down, `unreachable` when no answer said either
 * way (network, timeout, 5xx, rate limit, an answer Reelay cannot read). Messages never hold the key.
 */
export type KeyCheck =
  | {
      outcome: "accepted";
      /** What the call showed, e.g. the account's credit balance. */
      detail: string;
    }
  | {
      outcome: "refused";
      /** The provider's refusal as it answered it, naming the setting to fix. */
      message: string;
    }
  | {
      outcome: "unreachable";
      /** Why there is no verdict. */
      message: string;
    };

/** A provider callback as it arrived. Signatures cover the raw bytes, so the body is not parsed yet. */
export interface InboundCallback {
  method: string;
  /** The callback URL Reelay gave the provider (Vidu signs its path and query). */
  url: URL;
  headers: Headers;
  body: Uint8Array;
}

/** What checking a callback found. */
export type CallbackCheck =
  | {
      ok: true;
      /** The provider's id for this message (or its nonce): a second message with it is a replay. */
      messageId: string;
      /** When the provider says it sent the message (epoch milliseconds). */
      sentAtMs: number;
      /** The upstream ids (see `upstreamId`) of the tasks the message is about. */
      taskIds: string[];
    }
  | {
      ok: false;
      /** `unsigned`: signature headers missing; `forged`: the signature does not match; `malformed`: signed, but unreadable. */
      reason: "unsigned" | "forged" | "malformed";
      message: string;
    };

/** Result of a successful create. */
export interface StartResult {
  /** Opaque state the adapter needs to poll, persisted on the job. */
  task: ProviderTask;
  warnings: Warning[];
  /** When to poll first, if the provider suggests it. */
  pollAfterMs?: number;
}

/** What a poll found. A rejected generation is `failed`, not an exception. */
export type PollResult =
  | { state: "queued"; pollAfterMs?: number }
  | { state: "running"; progress?: number; pollAfterMs?: number }
  | { state: "succeeded"; outputs: ProviderOutput[] }
  | { state: "failed"; failure: Failure }
  | { state: "cancelled" };

/** What a cancel call achieved upstream. */
export type CancelResult = { upstream: "cancelled" } | { upstream: "not_cancellable"; reason: string };

/**
 * The adapter contract (DESIGN.md §4). A call that could not be made throws a
 * `ProviderCallError`; everything the provider decided about the generation is returned.
 */
export interface ProviderAdapter {
  id: ProviderId;
  /**
   * True when sending the same create twice cannot start two generations (PixVerse's trace id,
   * the local renderer). Only then may a create of unknown outcome be sent again.
   */
  idempotentStart: boolean;
  /**
   * Problems with a request's `providerOptions`; an adapter without this method takes none, so
   * nothing a caller sends is silently ignored.
   */
  checkProviderOptions?(options: Record<string, unknown>, spec: ModelSpec): ValidationIssue[];
  /** The `providerOptions` a model takes and the values each may have, for the model's public view. */
  providerOptionValues?(spec: ModelSpec): Record<string, string[]>;
  /** Why the adapter cannot run now (missing key, …), or null when it can. */
  unavailableReason(): string | null;
  start(request: NormalizedRequest, context: ProviderContext): Promise<StartResult>;
  poll(task: ProviderTask, context: ProviderContext): Promise<PollResult>;
  cancel?(task: ProviderTask, context: ProviderContext): Promise<CancelResult>;
  /**
   * The tasks a create of unknown outcome may have started (DESIGN.md §5.1): the provider's tasks
   * matching `request`, created at or after `sinceMs`. Only providers that can be searched have it
   * (OpenAI's list); without it such a create ends `submission_unknown`.
   */
  findStarted?(request: NormalizedRequest, sinceMs: number, context: ProviderContext): Promise<ProviderTask[]>;
  /**
   * Adds what downloading an output needs (e.g. the API key for OpenAI's content endpoint) just
   * before the download. Outputs are persisted on the job, so they never carry credentials.
   */
  authorizeDownload?(output: ProviderOutput): ProviderOutput;
  /**
   * The provider's own id of `task`, the one its callbacks name. Adapters whose provider sends
   * callbacks have it (the local renderer too: its renders end with a hint).
   */
  upstreamId?(task: ProviderTask): string | null;
  /**
   * Verifies a callback exactly as the provider signs it (constant-time compare) and reads which
   * tasks it is about. Present only when callbacks can be verified (their secret is configured).
   * A callback is only ever a hint to poll now: what it says is not trusted.
   */
  parseCallback?(callback: InboundCallback): CallbackCheck;
  /**
   * One cheap authenticated call that shows whether the provider accepts the configured key
   * (`reelay doctor`): it reads an account or list endpoint, and never starts or bills anything.
   * Called only when `unavailableReason()` is null.
   */
  checkKey?(context: ProviderCallContext): Promise<KeyCheck>;
  /** Releases threads, sockets and timers. */
  close?(): Promise<void>;
}
