import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";

const get = (gateway: TestGateway, path: string, headers: Record<string, string> = {}) =>
  gateway.fetch(new Request(`http://reelay.test${path}`, { headers }));

/** Module specifiers a script imports or re-exports from. */
const importsOf = (code: string) => [...code.matchAll(/\bfrom\s*"([^"]+)"/g)].map((match) => match[1] ?? "");

describe("the web UI's pages and files", () => {
  let gateway: TestGateway;
  let sandbox: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway();
    sandbox = await startTestGateway({ REELAY_SANDBOX: "true" });
  });
  afterAll(async () => {
    await gateway?.dispose();
    await sandbox?.dispose();
  });

  it("renders the generate page from the catalog, starting on a usable model", async () => {
    const response = await get(gateway, "/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html><html lang="en">/);
    expect(html).toContain('<option value="local/preview" selected="">');
    expect(html).toContain('<script type="module" src="/assets/scripts/generate-page.js"></script>');
    expect(html).toMatch(/<main id="main"/);
    expect(html).not.toContain("Sandbox mode");
    expect(html).not.toMatch(/\son[a-z]+=/);
  });

  it("starts the form on the model the address names", async () => {
    const html = await (await get(sandbox, "/?model=runway/veo3")).text();
    expect(html).toContain('<option value="runway/veo3" selected="">');
    expect(html).toContain('<option value="8" selected="">8 s</option>');
    expect(html).not.toContain('<option value="4"');
  });

  it("marks every page in sandbox mode", async () => {
    for (const path of ["/", "/jobs", "/jobs/job_123"]) {
      const response = await get(sandbox, path);
      expect(response.headers.get("reelay-sandbox")).toBe("true");
      const html = await response.text();
      expect(html, path).toContain('id="sandbox-banner"');
      expect(html, path).toContain("<title>[Sandbox] ");
    }
  });

  it("escapes what the address brings into the gallery and job pages", async () => {
    const gallery = await (await get(gateway, "/jobs?q=%22%3E%3Cscript%3E&status=failed")).text();
    expect(gallery).toContain('value="&quot;&gt;&lt;script&gt;"');
    expect(gallery).toContain('<option value="failed" selected="">Failed</option>');
    const job = await (await get(gateway, "/jobs/%3Cb%3Ex")).text();
    expect(job).toContain('data-job-id="&lt;b&gt;x"');
    expect(job).not.toContain("<b>x");
  });

  it("serves the page scripts with every import resolvable, the SDK included", async () => {
    const pending = [
      "/assets/scripts/generate-page.js",
      "/assets/scripts/gallery-page.js",
      "/assets/scripts/job-page.js",
    ];
    const seen = new Set<string>();
    while (pending.length > 0) {
      const path = pending.pop() ?? "";
      if (seen.has(path)) continue;
      seen.add(path);
      const response = await get(gateway, path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      for (const specifier of importsOf(await response.text())) {
        expect(specifier, `${path} imports ${specifier}`).toMatch(/^(\.\/|\/assets\/)/);
        pending.push(new URL(specifier, `http://reelay.test${path}`).pathname);
      }
    }
    expect(seen).toContain("/assets/client/index.js");
    expect(seen).toContain("/assets/client/client.js");
  });

  it("answers a repeated request for an unchanged file with 304", async () => {
    const first = await get(gateway, "/assets/reelay.css");
    expect(first.headers.get("content-type")).toBe("text/css; charset=utf-8");
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get(gateway, "/assets/reelay.css", { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect((await get(gateway, "/assets/icon.svg")).headers.get("content-type")).toBe("image/svg+xml");
  });

  it("answers 404 for files it does not have", async () => {
    for (const path of [
      "/assets/scripts/missing.js",
      "/assets/client/../../package.json",
      "/assets/scripts/format.d.ts",
    ]) {
      expect((await get(gateway, path)).status, path).toBe(404);
    }
  });
});
