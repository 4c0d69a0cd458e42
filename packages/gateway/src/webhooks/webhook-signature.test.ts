import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { Webhook } from "standardwebhooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config.ts";
import { createFileSecretKeeper } from "../secrets/file-secret-keeper.ts";
import { loadWebhookSecret } from "./webhook-secret.ts";
import { createWebhookSecret, isWebhookSecret, signWebhook } from "./webhook-signature.ts";

describe("signWebhook", () => {
  it("matches the Standard Webhooks test vector (shared/providers/openai-sora.md §9)", () => {
    const body =
      '{"id":"evt_6923c2a1b3c48190a7d5e6f708192a3b","object":"event","created_at":1764000300,"type":"video.completed","data":{"id":"video_6923c1f0a2b48190b1e0c4d7e9f20a5b00c3d1e2f4a5b6c7"}}';
    const signature = signWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", {
      id: "wh_6923c1f0a2b48190b1e0c4d7e9f20a5b",
      timestampSeconds: 1764000300,
      body,
    });
    expect(signature).toBe("v1,4KwbbPRt1RTVF86nrziNBbQeyDn/Cuyv/uAxD7bKLcY=");
  });

  it("signs what the standardwebhooks library verifies, with a fresh secret", () => {
    const secret = createWebhookSecret();
    const timestampSeconds = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ type: "job.running", timestamp: new Date().toISOString(), data: { id: "job_1" } });
    const headers = {
      "webhook-id": "msg_1",
      "webhook-timestamp": String(timestampSeconds),
      "webhook-signature": signWebhook(secret, { id: "msg_1", timestampSeconds, body }),
    };
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(createWebhookSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(body.replace("job_1", "job_2"), headers)).toThrow();
  });

  it("knows a secret's form: whsec_ and the base64 of at least 24 bytes", () => {
    expect(isWebhookSecret(createWebhookSecret())).toBe(true);
    expect(isWebhookSecret(`whsec_${Buffer.alloc(24, 7).toString("base64")}`)).toBe(true);
    expect(isWebhookSecret(`whsec_${Buffer.alloc(23, 7).toString("base64")}`)).toBe(false);
    expect(isWebhookSecret(Buffer.alloc(32, 7).toString("base64"))).toBe(false);
    expect(isWebhookSecret("whsec_not base64 at all, really not")).toBe(false);
  });
});

describe("webhook configuration", () => {
  it("reads the endpoints, the secret and the progress interval", () => {
    const secret = createWebhookSecret();
    const config = loadConfig({
      REELAY_WEBHOOK_URLS: " https://a.example.com/hook , http://10.0.0.5:8080/reelay ",
      REELAY_WEBHOOK_SECRET: secret,
      REELAY_WEBHOOK_PROGRESS_SECONDS: "2.5",
    });
    expect(config.webhooks).toEqual({
      urls: ["https://a.example.com/hook", "http://10.0.0.5:8080/reelay"],
      secret,
      progressIntervalSeconds: 2.5,
    });
    expect(loadConfig({}).webhooks).toEqual({ urls: [], secret: undefined, progressIntervalSeconds: 10 });
  });

  it("names the variable at fault without repeating a bad secret", () => {
    const leaked = "whsec_c2hvcnQ=";
    const error = (() => {
      try {
        loadConfig({ REELAY_WEBHOOK_SECRET: leaked });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain("REELAY_WEBHOOK_SECRET: must be whsec_");
    expect((error as Error).message).not.toContain(leaked);
    expect(() => loadConfig({ REELAY_WEBHOOK_URLS: "https://ok.example.com, ftp://nope.example.com" })).toThrow(
      /REELAY_WEBHOOK_URLS: "ftp:\/\/nope.example.com" is not an absolute http\(s\) URL/,
    );
    expect(() => loadConfig({ REELAY_WEBHOOK_PROGRESS_SECONDS: "-1" })).toThrow(/REELAY_WEBHOOK_PROGRESS_SECONDS/);
  });
});

describe("loadWebhookSecret", () => {
  let dataDir: string;
  let logs: string[];
  const logger = () =>
    pino(
      { level: "info" },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          logs.push(chunk.toString("utf8"));
          done();
        },
      }),
    );

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "reelay-webhook-secret-"));
    logs = [];
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("generates a secret once, keeps it readable by its owner only, and says where, never what", async () => {
    const file = path.join(dataDir, "webhook-secret");
    const secret = await loadWebhookSecret(createFileSecretKeeper(dataDir), undefined, logger());
    expect(isWebhookSecret(secret)).toBe(true);
    expect((await readFile(file, "utf8")).trim()).toBe(secret);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await loadWebhookSecret(createFileSecretKeeper(dataDir), undefined, logger())).toBe(secret);
    expect(logs).toHaveLength(2);
    expect(logs.every((line) => line.includes(file) && !line.includes(secret.slice(6)))).toBe(true);
  });

  it("prefers the configured secret and refuses a damaged file instead of replacing it", async () => {
    const configured = createWebhookSecret();
    expect(await loadWebhookSecret(createFileSecretKeeper(dataDir), configured, logger())).toBe(configured);
    await writeFile(path.join(dataDir, "webhook-secret"), "whsec_broken\n");
    await expect(loadWebhookSecret(createFileSecretKeeper(dataDir), undefined, logger())).rejects.toThrow(
      /does not hold a whsec_ webhook secret/,
    );
    expect(await readFile(path.join(dataDir, "webhook-secret"), "utf8")).toBe("whsec_broken\n");
  });
});
