import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeVideo } from "../media/probe-video.ts";
import { makeTestImage } from "../media/test-support/make-test-image.ts";
import { startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";
import { appendToTestLog } from "../test-support/test-log.ts";
import { expectBuiltCli, REELAY_BIN, runReelay } from "./test-support/run-reelay.ts";

describe("the reelay CLI", () => {
  let gateway: TestGateway;
  let server: string[];

  beforeAll(async () => {
    expectBuiltCli();
    gateway = await startTestGateway();
    server = ["--url", gateway.url];
  });
  afterAll(async () => {
    await gateway?.dispose();
  });

  it("generates a video, shows progress and writes a playable file", async () => {
    const result = await runReelay(
      [...server, "generate", "a red fox in snow", "--model", "local/preview", "--duration", "4", "--out", "fox.mp4"],
      gateway.dataDir,
    );
    expect(result.stderr).toMatch(/running \d+%/);
    expect(result.code).toBe(0);
    const file = path.join(gateway.dataDir, "fox.mp4");
    expect(result.stdout).toContain(`Saved to ${file}`);
    const probe = await probeVideo(file);
    expect(Math.abs(probe.durationSeconds - 4)).toBeLessThanOrEqual(0.1);
  });

  it("uploads --image and makes an image-to-video job", async () => {
    const photo = path.join(gateway.dataDir, "photo.png");
    await writeFile(photo, await makeTestImage({ width: 320, height: 180, format: "png", pattern: "gradient" }));
    const result = await runReelay(
      [
        ...server,
        "--json",
        "generate",
        "the photo",
        "--image",
        photo,
        "--duration",
        "1",
        "--resolution",
        "360p",
        "--out",
        "photo.mp4",
      ],
      gateway.dataDir,
    );
    expect(result.stderr).toMatch(/Uploaded .*photo\.png \(320×180\) as upl_/);
    expect(result.code).toBe(0);
    const job = JSON.parse(result.stdout) as { status: string; request: { image?: { uploadId: string } } };
    expect(job.status).toBe("succeeded");
    expect(job.request.image?.uploadId).toMatch(/^upl_/);
    const missing = await runReelay([...server, "generate", "x", "--image", "nope.png"], gateway.dataDir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Cannot read nope.png: no such file");
  });

  it("prints the catalog as a table, also with the former --server flag", async () => {
    const result = await runReelay(["--server", gateway.url, "models"], gateway.dataDir);
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(/^MODEL\s+AVAILABLE\s+LIFECYCLE/);
    expect(lines.find((line) => line.startsWith("local/preview"))).toMatch(/local\/preview\s+yes\s+active/);
    expect(lines.find((line) => line.startsWith("runway/gen4_turbo"))).toMatch(/\sno\s/);
  });

  it("prints JSON for scripts", async () => {
    const result = await runReelay([...server, "--json", "list", "--limit", "5"], gateway.dataDir);
    expect(result.code).toBe(0);
    const page = JSON.parse(result.stdout) as { object: string; data: Array<{ status: string }> };
    expect(page.object).toBe("list");
    expect(page.data[0]?.status).toBe("succeeded");
  });

  it("exits 2 with the allowed values when the request is refused", async () => {
    const result = await runReelay([...server, "generate", "x", "--duration", "7"], gateway.dataDir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/durationSeconds: .*allowed: 1 s, 2 s, 3 s, 4 s/);
  });

  it("exits 2 for an unknown job and for bad usage", async () => {
    expect((await runReelay([...server, "status", "job_missing"], gateway.dataDir)).code).toBe(2);
    expect((await runReelay([...server, "generate"], gateway.dataDir)).code).toBe(2);
    expect((await runReelay([...server, "generate", "x", "--duration", "soon"], gateway.dataDir)).code).toBe(2);
  });

  it("serves a provider fake and prints how to point Reelay at it", async () => {
    const child = spawn(process.execPath, [REELAY_BIN, "fake", "runway", "--key", "k-123"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    // Its stdout is the settings it prints, the key among them: only its diagnostics go to the log.
    child.stderr
      .setEncoding("utf8")
      .on("data", (chunk: string) => appendToTestLog("reelay fake runway: stderr", chunk));
    try {
      const lines = createInterface({ input: child.stdout });
      const settings: string[] = [];
      for await (const line of lines) {
        settings.push(line);
        if (settings.length === 2) break;
      }
      expect(settings[1]).toBe("REELAY_RUNWAY_API_KEY=k-123");
      const url = (settings[0] ?? "").replace("REELAY_RUNWAY_BASE_URL=", "");
      const unauthorized = await fetch(`${url}/v1/tasks/x`, { headers: { "x-runway-version": "2024-11-06" } });
      expect(unauthorized.status).toBe(401);
    } finally {
      child.kill("SIGTERM");
    }
    const unknown = await runReelay(["fake", "acme"], gateway.dataDir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No fake for "acme"');
  });
});
