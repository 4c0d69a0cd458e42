import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rm } from "node:fs/promises";
import { ConfigError } from "../config.ts";
import { startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";
import { createTestApiKey } from "./test-support/test-api-key.ts";

describe("API keys", () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(async () => {
    await gateway?.dispose();
  });

  it("is open on loopback until the first key exists, then asks every API call for one", async () => {
    expect((await fetch(`${gateway.url}/api/v1/jobs`)).status).toBe(200);
    const token = await createTestApiKey(gateway.dataDir, "acme");
    const missing = await fetch(`${gateway.url}/api/v1/jobs`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    const wrong = await fetch(`${gateway.url}/api/v1/jobs`, {
      headers: { authorization: `Bearer ${token.slice(0, -2)}xx` },
    });
    expect(wrong.status).toBe(401);
    const openAi = await fetch(`${gateway.url}/v1/videos`, { headers: { authorization: "Bearer unused" } });
    expect(openAi.status).toBe(401);
    expect(((await openAi.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");
    const good = await fetch(`${gateway.url}/api/v1/jobs`, { headers: { authorization: `Bearer ${token}` } });
    expect(good.status).toBe(200);
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
  });

  it("refuses to start on a public address without keys, and starts there once a key exists", async () => {
    const refused = await startTestGateway({ REELAY_HOST: "0.0.0.0" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as Error).message).toMatch(/REELAY_HOST=0\.0\.0\.0 .*no API key.*reelay keys create/);
    const keyed = await startTestGateway();
    const token = await createTestApiKey(keyed.dataDir, "public");
    await keyed.close();
    const reopened = await startTestGateway({ REELAY_HOST: "0.0.0.0", REELAY_DATA_DIR: keyed.dataDir });
    try {
      const url = reopened.url.replace("0.0.0.0", "127.0.0.1");
      expect((await fetch(`${url}/api/v1/jobs`)).status).toBe(401);
      expect((await fetch(`${url}/api/v1/jobs`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    } finally {
      await reopened.dispose();
      await rm(keyed.dataDir, { recursive: true, force: true });
    }
  });
});
