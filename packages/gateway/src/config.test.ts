import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliServerUrl, ConfigError, loadConfig } from "./config.ts";

describe("loadConfig", () => {
  it("uses the embedded defaults when nothing is set", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8787,
      host: "127.0.0.1",
      dataDir: path.resolve("./data"),
      worker: { enabled: true, concurrency: 4, leaseSeconds: 30 },
      jobDeadlineSeconds: 3600,
    });
    expect(config.database).toEqual({ kind: "sqlite", path: path.resolve("./data/reelay.db") });
    expect(config.http).toBe(true);
    expect(config.s3).toBeUndefined();
  });

  it("refuses a process with neither HTTP nor the worker", () => {
    expect(loadConfig({}, { REELAY_HTTP: "off" })).toMatchObject({ http: false, worker: { enabled: true } });
    expect(() => loadConfig({ REELAY_WORKER: "off" }, { REELAY_HTTP: "off" })).toThrow(
      /REELAY_HTTP=off and REELAY_WORKER=off leave the process nothing to do/,
    );
  });

  it("reads the database as an SQLite path or a PostgreSQL URL", () => {
    expect(loadConfig({ REELAY_DATABASE_URL: "sqlite:///tmp/x.db" }).database).toEqual({
      kind: "sqlite",
      path: "/tmp/x.db",
    });
    expect(loadConfig({ REELAY_DATABASE_URL: "db/reelay.db" }).database).toEqual({
      kind: "sqlite",
      path: path.resolve("db/reelay.db"),
    });
    const url = "postgres://reelay:pw@db.internal:5432/reelay";
    expect(loadConfig({ REELAY_DATABASE_URL: url }).database).toEqual({ kind: "postgres", url });
    expect(() => loadConfig({ REELAY_DATABASE_URL: "postgresql://[bad" })).toThrow(
      /REELAY_DATABASE_URL: not a valid URL; expected postgres:\/\//,
    );
  });

  it("reads S3 media settings, and refuses half of them", () => {
    const config = loadConfig({
      REELAY_S3_BUCKET: "videos",
      REELAY_S3_ENDPOINT: "http://127.0.0.1:9000",
      REELAY_S3_FORCE_PATH_STYLE: "true",
      REELAY_S3_ACCESS_KEY_ID: "AKIAEXAMPLE",
      REELAY_S3_SECRET_ACCESS_KEY: "s3-secret-example",
    });
    expect(config.s3).toEqual({
      bucket: "videos",
      prefix: undefined,
      endpoint: "http://127.0.0.1:9000",
      region: "us-east-1",
      forcePathStyle: true,
      presignInputs: true,
      credentials: { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "s3-secret-example" },
    });
    expect(loadConfig({ REELAY_S3_BUCKET: "videos", REELAY_S3_PRESIGN_INPUTS: "false" }).s3?.presignInputs).toBe(false);
    expect(() => loadConfig({ REELAY_S3_BUCKET: "videos", REELAY_S3_PRESIGN_INPUTS: "yes" })).toThrow(
      /REELAY_S3_PRESIGN_INPUTS/,
    );
    expect(() => loadConfig({ REELAY_S3_ENDPOINT: "http://127.0.0.1:9000" })).toThrow(
      /REELAY_S3_ENDPOINT set without REELAY_S3_BUCKET/,
    );
    expect(() => loadConfig({ REELAY_S3_BUCKET: "videos", REELAY_S3_ACCESS_KEY_ID: "AKIAEXAMPLE" })).toThrow(
      /REELAY_S3_ACCESS_KEY_ID and REELAY_S3_SECRET_ACCESS_KEY go together/,
    );
    // The message names the variables, never the secret's value.
    const halfSecret = () =>
      loadConfig({ REELAY_S3_BUCKET: "videos", REELAY_S3_SECRET_ACCESS_KEY: "s3-secret-example" });
    expect(halfSecret).toThrow(/go together/);
    expect(halfSecret).not.toThrow(/s3-secret-example/);
  });

  it("reads every REELAY_ variable, ignores empty ones and lets overrides win", () => {
    const config = loadConfig(
      {
        REELAY_PORT: "9000",
        REELAY_HOST: "",
        REELAY_RUNWAY_API_KEY: "key_abc",
        REELAY_RUNWAY_BASE_URL: "http://127.0.0.1:4010",
        REELAY_PUBLIC_URL: "https://videos.example.com/",
      },
      { REELAY_PORT: "9100", REELAY_WORKER: "off" },
    );
    expect(config.port).toBe(9100);
    expect(config.host).toBe("127.0.0.1");
    expect(config.worker.enabled).toBe(false);
    expect(config.providers.runway).toEqual({ apiKey: "key_abc", baseUrl: "http://127.0.0.1:4010" });
    expect(config.publicUrl).toBe("https://videos.example.com");
  });

  it("names every variable at fault", () => {
    const attempt = () =>
      loadConfig({ REELAY_PORT: "eighty", REELAY_LOG_LEVEL: "loud", REELAY_VIDU_BASE_URL: "ftp://x" });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/REELAY_PORT[\s\S]*REELAY_LOG_LEVEL[\s\S]*REELAY_VIDU_BASE_URL/);
  });

  it("refuses a port out of range", () => {
    expect(() => loadConfig({ REELAY_PORT: "70000" })).toThrow(/REELAY_PORT/);
  });

  it("reads CORS origins and refuses anything that is not an origin", () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ REELAY_CORS_ORIGINS: " https://app.example.com, http://localhost:5173 " }).corsOrigins).toEqual(
      ["https://app.example.com", "http://localhost:5173"],
    );
    expect(loadConfig({ REELAY_CORS_ORIGINS: "*" }).corsOrigins).toEqual(["*"]);
    expect(() => loadConfig({ REELAY_CORS_ORIGINS: "https://app.example.com/path" })).toThrow(
      /REELAY_CORS_ORIGINS: "https:\/\/app.example.com\/path" is not an origin/,
    );
    expect(() => loadConfig({ REELAY_CORS_ORIGINS: "app.example.com" })).toThrow(/REELAY_CORS_ORIGINS/);
  });

  it("reads the OpenAI-compatible API's model aliases and default model", () => {
    expect(loadConfig({}).openAiCompat).toEqual({ aliases: {}, defaultModel: "local/preview" });
    const config = loadConfig({
      REELAY_COMPAT_MODEL_ALIASES: " sora-2 = local/preview,sora-2-pro=google/veo-3.1-generate-preview ",
      REELAY_COMPAT_DEFAULT_MODEL: "sora-2",
    });
    expect(config.openAiCompat).toEqual({
      aliases: { "sora-2": "local/preview", "sora-2-pro": "google/veo-3.1-generate-preview" },
      defaultModel: "sora-2",
    });
    expect(() => loadConfig({ REELAY_COMPAT_MODEL_ALIASES: "sora-2" })).toThrow(
      /REELAY_COMPAT_MODEL_ALIASES: "sora-2" is not name=model/,
    );
    expect(() => loadConfig({ REELAY_COMPAT_MODEL_ALIASES: "a=local/preview,a=local/preview" })).toThrow(
      /"a" is given twice/,
    );
  });

  it("reads the metrics token and refuses one too short to guess", () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ REELAY_METRICS_TOKEN: " 0123456789abcdef0123 " }).metricsToken).toBe("0123456789abcdef0123");
    expect(() => loadConfig({ REELAY_METRICS_TOKEN: "short" })).toThrow(
      /REELAY_METRICS_TOKEN: must be at least 16 characters/,
    );
    expect(loadConfig({}).metricsPort).toBeUndefined();
    expect(loadConfig({ REELAY_METRICS_PORT: "9464" }).metricsPort).toBe(9464);
    expect(() => loadConfig({ REELAY_METRICS_PORT: "70000" })).toThrow(/REELAY_METRICS_PORT/);
  });

  it("refuses a keep-alive interval that is not a positive number of seconds", () => {
    expect(loadConfig({ REELAY_SSE_KEEPALIVE_SECONDS: "0.5" }).sseKeepAliveSeconds).toBe(0.5);
    expect(() => loadConfig({ REELAY_SSE_KEEPALIVE_SECONDS: "0" })).toThrow(/REELAY_SSE_KEEPALIVE_SECONDS/);
  });
});

describe("cliServerUrl", () => {
  it("prefers the flag, then REELAY_URL, then the default", () => {
    expect(cliServerUrl({ REELAY_URL: "http://a:1" }, "http://b:2/")).toBe("http://b:2");
    expect(cliServerUrl({ REELAY_URL: "http://a:1" }, undefined)).toBe("http://a:1");
    expect(cliServerUrl({}, undefined)).toBe("http://127.0.0.1:8787");
  });

  it("names the source of a bad URL", () => {
    expect(() => cliServerUrl({}, "not a url")).toThrow(/--url/);
    expect(() => cliServerUrl({ REELAY_URL: "ftp://x" }, undefined)).toThrow(/REELAY_URL/);
  });
});
