import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectBuiltCli, runReelay, type RunResult } from "./test-support/run-reelay.ts";

const API_KEY = "rk_test_9f8e7d6c5b4a";

/** What the stand-in server saw of one request. */
interface SeenRequest {
  path: string;
  authorization: string | undefined;
}

function expectKeyNowhere(result: RunResult): void {
  expect(`${result.stdout}\n${result.stderr}`).not.toContain(API_KEY);
}

describe("how the reelay CLI reaches its server", () => {
  let server: Server;
  let url: string;
  const seen: SeenRequest[] = [];

  beforeAll(async () => {
    expectBuiltCli();
    // A stand-in for Reelay behind a proxy: the catalog answers, anything else is refused with an
    // error page that quotes the credentials back, as careless proxies do.
    server = createServer((request, response) => {
      seen.push({ path: request.url ?? "", authorization: request.headers.authorization });
      if (request.url === "/api/v1/models") {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ object: "list", data: [] }));
        return;
      }
      response.writeHead(403, { "content-type": "text/html" });
      response.end(`<h1>Forbidden</h1><p>Rejected credentials: ${request.headers.authorization ?? "none"}</p>`);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server?.close();
  });

  it("sends --api-key as a bearer token and never prints it, not even in an error", async () => {
    const listed = await runReelay(["--url", url, "--api-key", API_KEY, "models"], tmpdir());
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^MODEL\s+AVAILABLE/);
    expect(seen.at(-1)).toEqual({ path: "/api/v1/models", authorization: `Bearer ${API_KEY}` });
    expectKeyNowhere(listed);

    const refused = await runReelay(["--url", url, "--api-key", API_KEY, "status", "job_1", "--watch"], tmpdir());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("403 Forbidden");
    expect(refused.stderr).toContain("Rejected credentials: Bearer ***");
    expect(seen.at(-1)).toEqual({ path: "/api/v1/jobs/job_1/events", authorization: `Bearer ${API_KEY}` });
    expectKeyNowhere(refused);
  });

  it("takes the key from REELAY_API_KEY and keeps it out of the help", async () => {
    const listed = await runReelay(["--url", url, "--json", "models"], tmpdir(), { REELAY_API_KEY: API_KEY });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([]);
    expect(seen.at(-1)?.authorization).toBe(`Bearer ${API_KEY}`);
    expectKeyNowhere(listed);

    const help = await runReelay(["--help"], tmpdir(), { REELAY_API_KEY: API_KEY });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--url <url>/);
    expect(help.stdout).toMatch(/--api-key <key>.*\(env: REELAY_API_KEY\)/s);
    expect(help.stdout).not.toContain("--server");
    expectKeyNowhere(help);
  });

  it("exits 3 with a hint when the server cannot be reached", async () => {
    const result = await runReelay(["--url", "http://127.0.0.1:9", "--api-key", API_KEY, "models"], tmpdir());
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("Cannot reach Reelay at http://127.0.0.1:9");
    expect(result.stderr).toContain("Is `reelay serve` running?");
    expectKeyNowhere(result);
  });
});
