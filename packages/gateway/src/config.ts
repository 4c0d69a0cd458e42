import path from "node:path";
import { z } from "zod";
import { isWebhookSecret } from "./webhooks/webhook-signature.ts";

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const optionalText = z.string().trim().min(1).optional();
const optionalUrl = z.url({ protocol: /^https?$/ }).optional();

/** `*`, or origins like `https://app.example.com` separated by commas (no paths). */
const corsOrigins = z
  .string()
  .optional()
  .transform((value, context) => {
    const origins = (value ?? "")
      .split(",")
      .map((origin) => origin.trim())
      .filter((origin) => origin !== "");
    for (const origin of origins) {
      if (origin === "*" || (URL.canParse(origin) && new URL(origin).origin === origin)) continue;
      context.addIssue({
        code: "custom",
        message: `"${origin}" is not an origin; use "*" or scheme://host[:port] without a path, e.g. https://app.example.com`,
      });
    }
    return origins;
  });

/** http(s) URLs separated by commas. */
const urlList = z
  .string()
  .optional()
  .transform((value, context) => {
    const urls = (value ?? "")
      .split(",")
      .map((url) => url.trim())
      .filter((url) => url !== "");
    for (const url of urls) {
      if (!z.url({ protocol: /^https?$/ }).safeParse(url).success) {
        context.addIssue({ code: "custom", message: `"${url}" is not an absolute http(s) URL` });
      }
    }
    return urls;
  });

/** Standard Webhooks' secret form: `whsec_` and the base64 of at least 24 random bytes. */
const webhookSecret = z
  .string()
  .trim()
  .refine(
    isWebhookSecret,
    "must be whsec_ followed by the base64 of at least 24 random bytes, e.g. whsec_$(openssl rand -base64 32)",
  )
  .optional();

/** `name=model` pairs separated by commas, e.g. `sora-2=local/preview,sora-2-pro=local/preview`. */
const modelAliases = z
  .string()
  .optional()
  .transform((value, context) => {
    const aliases = new Map<string, string>();
    for (const pair of (value ?? "").split(",").filter((entry) => entry.trim() !== "")) {
      const [name = "", model = "", ...rest] = pair.split("=").map((part) => part.trim());
      if (name === "" || model === "" || rest.length > 0) {
        context.addIssue({ code: "custom", message: `"${pair.trim()}" is not name=model, e.g. sora-2=local/preview` });
      } else if (aliases.has(name)) {
        context.addIssue({ code: "custom", message: `"${name}" is given twice` });
      } else {
        aliases.set(name, model);
      }
    }
    return Object.fromEntries(aliases);
  });

/** One variable per setting; the only place that reads the environment. */
const environmentSchema = z.object({
  REELAY_PORT: port.default(8787),
  REELAY_HOST: z.string().trim().min(1).default("127.0.0.1"),
  REELAY_DATA_DIR: z.string().trim().min(1).default("./data"),
  REELAY_DATABASE_URL: optionalText,
  REELAY_HTTP: z.enum(["on", "off"]).default("on"),
  REELAY_S3_BUCKET: optionalText,
  REELAY_S3_PREFIX: optionalText,
  REELAY_S3_ENDPOINT: optionalUrl,
  REELAY_S3_REGION: z.string().trim().min(1).default("us-east-1"),
  REELAY_S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).default("false"),
  REELAY_S3_ACCESS_KEY_ID: optionalText,
  REELAY_S3_SECRET_ACCESS_KEY: optionalText,
  REELAY_S3_PRESIGN_INPUTS: z.enum(["true", "false"]).default("true"),
  REELAY_PUBLIC_URL: optionalUrl,
  REELAY_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  REELAY_WORKER: z.enum(["on", "off"]).default("on"),
  REELAY_SANDBOX: z.enum(["true", "false"]).default("false"),
  REELAY_WORKER_CONCURRENCY: positiveInt.default(4),
  REELAY_LEASE_SECONDS: z.coerce.number().int().min(3).max(3600).default(30),
  REELAY_LOCAL_RENDER_CONCURRENCY: positiveInt.default(1),
  REELAY_JOB_DEADLINE_SECONDS: positiveInt.default(3600),
  REELAY_PROVIDER_TIMEOUT_SECONDS: positiveInt.default(60),
  REELAY_CORS_ORIGINS: corsOrigins,
  REELAY_RETENTION_DAYS: z.coerce.number().positive().optional(),
  REELAY_SSE_KEEPALIVE_SECONDS: z.coerce.number().positive().max(300).default(15),
  REELAY_MAX_OUTPUT_BYTES: positiveInt.default(2 * 1024 * 1024 * 1024),
  REELAY_MAX_BODY_BYTES: positiveInt.default(256 * 1024),
  REELAY_MAX_UPLOAD_BYTES: positiveInt.default(20 * 1024 * 1024),
  REELAY_MAX_IMAGE_PIXELS: positiveInt.default(64_000_000),
  REELAY_MEDIA_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  REELAY_ALLOW_PRIVATE_URLS: z.enum(["true", "false"]).default("false"),
  REELAY_WEBHOOK_URLS: urlList,
  REELAY_WEBHOOK_SECRET: webhookSecret,
  REELAY_WEBHOOK_PROGRESS_SECONDS: z.coerce.number().min(0).max(86_400).default(10),
  REELAY_PROVIDER_CALLBACKS: z.enum(["on", "off"]).default("off"),
  REELAY_METRICS_TOKEN: z
    .string()
    .trim()
    .min(16, "must be at least 16 characters, e.g. $(openssl rand -hex 24)")
    .optional(),
  REELAY_METRICS_PORT: port.optional(),
  REELAY_COMPAT_MODEL_ALIASES: modelAliases,
  REELAY_COMPAT_DEFAULT_MODEL: z.string().trim().min(1).default("local/preview"),
  REELAY_GOOGLE_API_KEY: optionalText,
  REELAY_GOOGLE_BASE_URL: optionalUrl,
  REELAY_GOOGLE_WEBHOOK_SECRET: optionalText,
  REELAY_GOOGLE_VERTEX_PROJECT: optionalText,
  REELAY_GOOGLE_VERTEX_LOCATION: optionalText,
  REELAY_GOOGLE_VERTEX_CREDENTIALS_FILE: optionalText,
  REELAY_GOOGLE_VERTEX_ACCESS_TOKEN: optionalText,
  REELAY_GOOGLE_VERTEX_BASE_URL: optionalUrl,
  REELAY_RUNWAY_API_KEY: optionalText,
  REELAY_RUNWAY_BASE_URL: optionalUrl,
  REELAY_OPENAI_API_KEY: optionalText,
  REELAY_OPENAI_BASE_URL: optionalUrl,
  REELAY_OPENAI_WEBHOOK_SECRET: optionalText,
  REELAY_POLLO_API_KEY: optionalText,
  REELAY_POLLO_BASE_URL: optionalUrl,
  REELAY_POLLO_WEBHOOK_SECRET: optionalText,
  REELAY_PIXVERSE_API_KEY: optionalText,
  REELAY_PIXVERSE_BASE_URL: optionalUrl,
  REELAY_PIXVERSE_WEBHOOK_SECRET: optionalText,
  REELAY_VIDU_API_KEY: optionalText,
  REELAY_VIDU_BASE_URL: optionalUrl,
});

type Environment = z.infer<typeof environmentSchema>;

/** `REELAY_DATABASE_URL`: an SQLite file, or a PostgreSQL URL shared by several processes. */
export type DatabaseTarget = { kind: "sqlite"; path: string } | { kind: "postgres"; url: string };

/** An S3-compatible bucket (`REELAY_S3_*`). */
export interface S3Settings {
  bucket: string;
  /** Put before every key, e.g. `reelay/`. */
  prefix?: string;
  /** For S3-compatible servers other than AWS, e.g. `http://127.0.0.1:9000`. */
  endpoint?: string;
  region: string;
  /** Bucket in the path (`endpoint/bucket/key`) rather than the host name, as most self-hosted servers want. */
  forcePathStyle: boolean;
  /** Static credentials; the AWS SDK's own chain (environment, profile, instance role) when unset. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /**
   * Providers that fetch input images by URL get presigned bucket URLs (true), or Reelay's own
   * signed `/media` URLs (false: for a bucket the internet cannot reach).
   */
  presignInputs: boolean;
}

/** Credentials and endpoint of one remote provider. */
export interface ProviderSettings {
  apiKey?: string;
  baseUrl?: string;
  /** Secret the provider signs its callbacks with (Vidu signs with the API key instead). */
  webhookSecret?: string;
}

export interface Config {
  port: number;
  host: string;
  /** Absolute path of the data directory (database, media). */
  dataDir: string;
  /** Where jobs and everything else are kept: an SQLite file (the default) or a PostgreSQL database. */
  database: DatabaseTarget;
  /** Whether this process serves HTTP; `reelay worker` runs jobs only. */
  http: boolean;
  /** S3-compatible object storage for media; files under the data dir when unset. */
  s3?: S3Settings;
  publicUrl?: string;
  logLevel: Environment["REELAY_LOG_LEVEL"];
  /**
   * Jobs processed at once, and how long a worker's claim on a job lasts without renewal: after a
   * crash, its jobs are picked up again once their leases expire.
   */
  worker: { enabled: boolean; concurrency: number; leaseSeconds: number };
  /** Remote providers are simulated by in-process fakes; no keys needed, results are not real. */
  sandbox: boolean;
  localRenderConcurrency: number;
  jobDeadlineSeconds: number;
  /** Longest wait for one provider call; a create that times out has an unknown outcome. */
  providerTimeoutSeconds: number;
  /** How long finished videos are kept, in days; kept forever when unset. */
  retentionDays?: number;
  /** Web pages on other origins allowed to call the API (CORS); empty: same origin only. */
  corsOrigins: string[];
  /** Quiet time after which an event stream sends a keep-alive comment, so proxies keep it open. */
  sseKeepAliveSeconds: number;
  maxOutputBytes: number;
  /** Largest request body, except uploads and job bodies carrying data URIs. */
  maxBodyBytes: number;
  /** Largest image accepted (upload, URL or data URI). */
  maxUploadBytes: number;
  /** Largest image accepted in pixels, checked before decoding (decompression bombs). */
  maxImagePixels: number;
  /** Secret for signed media URLs; generated and kept in the data dir when not set. */
  mediaSecret?: string;
  /** Lets URL fetches reach private and loopback addresses. For tests and closed networks only. */
  allowPrivateUrls: boolean;
  webhooks: {
    /** Endpoints that receive the events of every job (the operator's, so private addresses are fine). */
    urls: string[];
    /** `whsec_…` signing secret; generated and kept in the data dir when not set. */
    secret?: string;
    /** Shortest time between two `job.progress` webhooks of one job. */
    progressIntervalSeconds: number;
  };
  /**
   * Ask providers that take a callback URL per request (Pollo, Vidu) to post to
   * `<public URL>/callbacks/<provider>`, so a finished task is polled at once.
   */
  providerCallbacks: boolean;
  /**
   * Bearer token `/metrics` requires; without it, `/metrics` is open on a loopback-only server and
   * closed (403) on any other.
   */
  metricsToken?: string;
  /**
   * A port of its own that serves only `/metrics` (same access rules), so a `reelay worker`, which
   * serves no HTTP, can be scraped too.
   */
  metricsPort?: number;
  /** The OpenAI-compatible API (`/v1/videos`): which models its clients reach. */
  openAiCompat: {
    /** Model names OpenAI clients may send (e.g. `sora-2`) → the Reelay model ids they stand for. */
    aliases: Record<string, string>;
    /** The model of a create that names none: a Reelay model id or an alias. */
    defaultModel: string;
  };
  providers: {
    google: ProviderSettings;
    googleVertex: ProviderSettings & {
      project?: string;
      location?: string;
      credentialsFile?: string;
      accessToken?: string;
    };
    runway: ProviderSettings;
    openai: ProviderSettings;
    pollo: ProviderSettings;
    pixverse: ProviderSettings;
    vidu: ProviderSettings;
  };
}

/**
 * `REELAY_DATABASE_URL` → the database: `postgres://…` (or `postgresql://`), else an SQLite file
 * path (`sqlite:` prefix optional), `<data dir>/reelay.db` when unset. The server and the admin
 * commands that open its database directly (`reelay keys`, `reelay migrate`) all ask here.
 */
function databaseTarget(url: string | undefined, dataDir: string): DatabaseTarget {
  if (url === undefined) return { kind: "sqlite", path: path.resolve(dataDir, "reelay.db") };
  if (/^postgres(ql)?:\/\//i.test(url)) {
    if (!URL.canParse(url)) {
      throw new ConfigError(
        "REELAY_DATABASE_URL: not a valid URL; expected postgres://user:password@host:5432/database.",
      );
    }
    return { kind: "postgres", url };
  }
  return { kind: "sqlite", path: path.resolve(url.replace(/^sqlite:(\/\/)?/i, "")) };
}

function s3Settings(env: Environment): S3Settings | undefined {
  const { REELAY_S3_ACCESS_KEY_ID: accessKeyId, REELAY_S3_SECRET_ACCESS_KEY: secretAccessKey } = env;
  if (env.REELAY_S3_BUCKET === undefined) {
    const stray = Object.entries(env).filter(
      ([name, value]) =>
        name.startsWith("REELAY_S3_") && value !== undefined && !/REGION|FORCE_PATH_STYLE|PRESIGN_INPUTS/.test(name),
    );
    if (stray.length > 0) {
      throw new ConfigError(
        `${stray.map(([name]) => name).join(", ")} set without REELAY_S3_BUCKET; set the bucket to store media on S3, or unset them to keep media in the data dir.`,
      );
    }
    return undefined;
  }
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new ConfigError(
      "REELAY_S3_ACCESS_KEY_ID and REELAY_S3_SECRET_ACCESS_KEY go together: set both, or neither to use the AWS SDK's own credentials.",
    );
  }
  return {
    bucket: env.REELAY_S3_BUCKET,
    prefix: env.REELAY_S3_PREFIX,
    endpoint: env.REELAY_S3_ENDPOINT,
    region: env.REELAY_S3_REGION,
    forcePathStyle: env.REELAY_S3_FORCE_PATH_STYLE === "true",
    presignInputs: env.REELAY_S3_PRESIGN_INPUTS === "true",
    credentials:
      accessKeyId === undefined || secretAccessKey === undefined ? undefined : { accessKeyId, secretAccessKey },
  };
}

/** Thrown for a configuration that cannot work; the message names every variable at fault. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Settings given on the command line; they win over the environment. */
export type ConfigOverrides = Partial<
  Record<"REELAY_PORT" | "REELAY_HOST" | "REELAY_DATA_DIR" | "REELAY_WORKER" | "REELAY_HTTP" | "REELAY_SANDBOX", string>
>;

/**
 * Reads the configuration from `environment` (normally `process.env`). Empty variables count as
 * unset, so `REELAY_X=` in a shell or compose file does not break anything.
 */
export function loadConfig(environment: NodeJS.ProcessEnv, overrides: ConfigOverrides = {}): Config {
  const relevant: Record<string, string> = {};
  for (const [name, value] of Object.entries(environment)) {
    if (name.startsWith("REELAY_") && value !== undefined && value.trim() !== "") relevant[name] = value;
  }
  for (const [name, value] of Object.entries(overrides)) {
    if (value !== undefined) relevant[name] = value;
  }
  const parsed = environmentSchema.safeParse(relevant);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  const env = parsed.data;
  if (env.REELAY_HTTP === "off" && env.REELAY_WORKER === "off") {
    throw new ConfigError(
      "REELAY_HTTP=off and REELAY_WORKER=off leave the process nothing to do; turn one on (`reelay worker` runs jobs, `reelay serve --no-worker` serves HTTP).",
    );
  }
  return {
    port: env.REELAY_PORT,
    host: env.REELAY_HOST,
    dataDir: path.resolve(env.REELAY_DATA_DIR),
    database: databaseTarget(env.REELAY_DATABASE_URL, env.REELAY_DATA_DIR),
    http: env.REELAY_HTTP === "on",
    s3: s3Settings(env),
    publicUrl: env.REELAY_PUBLIC_URL?.replace(/\/+$/, ""),
    logLevel: env.REELAY_LOG_LEVEL,
    worker: {
      enabled: env.REELAY_WORKER === "on",
      concurrency: env.REELAY_WORKER_CONCURRENCY,
      leaseSeconds: env.REELAY_LEASE_SECONDS,
    },
    sandbox: env.REELAY_SANDBOX === "true",
    localRenderConcurrency: env.REELAY_LOCAL_RENDER_CONCURRENCY,
    jobDeadlineSeconds: env.REELAY_JOB_DEADLINE_SECONDS,
    providerTimeoutSeconds: env.REELAY_PROVIDER_TIMEOUT_SECONDS,
    sseKeepAliveSeconds: env.REELAY_SSE_KEEPALIVE_SECONDS,
    corsOrigins: env.REELAY_CORS_ORIGINS,
    retentionDays: env.REELAY_RETENTION_DAYS,
    maxOutputBytes: env.REELAY_MAX_OUTPUT_BYTES,
    maxBodyBytes: env.REELAY_MAX_BODY_BYTES,
    maxUploadBytes: env.REELAY_MAX_UPLOAD_BYTES,
    maxImagePixels: env.REELAY_MAX_IMAGE_PIXELS,
    mediaSecret: env.REELAY_MEDIA_SECRET,
    allowPrivateUrls: env.REELAY_ALLOW_PRIVATE_URLS === "true",
    webhooks: {
      urls: env.REELAY_WEBHOOK_URLS,
      secret: env.REELAY_WEBHOOK_SECRET,
      progressIntervalSeconds: env.REELAY_WEBHOOK_PROGRESS_SECONDS,
    },
    providerCallbacks: env.REELAY_PROVIDER_CALLBACKS === "on",
    metricsToken: env.REELAY_METRICS_TOKEN,
    metricsPort: env.REELAY_METRICS_PORT,
    openAiCompat: { aliases: env.REELAY_COMPAT_MODEL_ALIASES, defaultModel: env.REELAY_COMPAT_DEFAULT_MODEL },
    providers: {
      google: {
        apiKey: env.REELAY_GOOGLE_API_KEY,
        baseUrl: env.REELAY_GOOGLE_BASE_URL,
        webhookSecret: env.REELAY_GOOGLE_WEBHOOK_SECRET,
      },
      googleVertex: {
        baseUrl: env.REELAY_GOOGLE_VERTEX_BASE_URL,
        project: env.REELAY_GOOGLE_VERTEX_PROJECT,
        location: env.REELAY_GOOGLE_VERTEX_LOCATION,
        credentialsFile: env.REELAY_GOOGLE_VERTEX_CREDENTIALS_FILE,
        accessToken: env.REELAY_GOOGLE_VERTEX_ACCESS_TOKEN,
      },
      runway: { apiKey: env.REELAY_RUNWAY_API_KEY, baseUrl: env.REELAY_RUNWAY_BASE_URL },
      openai: {
        apiKey: env.REELAY_OPENAI_API_KEY,
        baseUrl: env.REELAY_OPENAI_BASE_URL,
        webhookSecret: env.REELAY_OPENAI_WEBHOOK_SECRET,
      },
      pollo: {
        apiKey: env.REELAY_POLLO_API_KEY,
        baseUrl: env.REELAY_POLLO_BASE_URL,
        webhookSecret: env.REELAY_POLLO_WEBHOOK_SECRET,
      },
      pixverse: {
        apiKey: env.REELAY_PIXVERSE_API_KEY,
        baseUrl: env.REELAY_PIXVERSE_BASE_URL,
        webhookSecret: env.REELAY_PIXVERSE_WEBHOOK_SECRET,
      },
      vidu: { apiKey: env.REELAY_VIDU_API_KEY, baseUrl: env.REELAY_VIDU_BASE_URL },
    },
  };
}

/** Where the CLI's client commands find the server: `--server`, else `REELAY_URL`, else the default. */
export function cliServerUrl(environment: NodeJS.ProcessEnv, flag: string | undefined): string {
  const candidate = flag ?? environment.REELAY_URL ?? `http://127.0.0.1:8787`;
  const parsed = z.url({ protocol: /^https?$/ }).safeParse(candidate);
  if (!parsed.success) throw new ConfigError(`${flag ? "--url" : "REELAY_URL"}: "${candidate}" is not an http(s) URL.`);
  return parsed.data.replace(/\/+$/, "");
}
