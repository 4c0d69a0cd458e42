import { type JobView, Reelay } from "@reelay/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";
import { expectBuiltCli, runReelay } from "./test-support/run-reelay.ts";

describe("reelay status --watch", () => {
  let gateway: TestGateway;
  let client: Reelay;

  beforeAll(async () => {
    expectBuiltCli();
    gateway = await startTestGateway();
    client = new Reelay({ baseUrl: gateway.url });
  });
  afterAll(async () => {
    await gateway?.dispose();
  });

  it("follows a running job until it succeeds, then prints it as text or JSON", async () => {
    const created = await client.jobs.create({ model: "local/preview", prompt: "a paper boat", durationSeconds: 4 });
    const watch = ["--url", gateway.url, "status", created.id, "--watch"];
    const [text, json] = await Promise.all([
      runReelay(watch, gateway.dataDir),
      runReelay(["--json", ...watch], gateway.dataDir),
    ]);

    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toMatch(/^running \d+%/m);
    expect(text.stderr).toMatch(/^succeeded 100%$/m);
    expect(text.stdout).toMatch(new RegExp(`^${created.id}  succeeded 100%\\n  model:    local/preview`));
    expect(json.code, json.stderr).toBe(0);
    expect(json.stderr).toMatch(/^running \d+%/m);
    const job = JSON.parse(json.stdout) as JobView;
    expect(job).toMatchObject({ id: created.id, status: "succeeded" });
    expect(job.video?.durationSeconds).toBeCloseTo(4, 1);
  });

  it("exits 1 when the job it watches ends cancelled", async () => {
    const created = await client.jobs.create({ model: "local/preview", prompt: "a sinking boat", durationSeconds: 4 });
    await client.jobs.cancel(created.id);
    const result = await runReelay(["--url", gateway.url, "status", created.id, "--watch"], gateway.dataDir);

    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^${created.id}  cancelled`));
    expect(result.stderr).toContain(`Job ${created.id} cancelled`);
  });
});
