import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { JobView } from "@reelay/client";
import { freePort } from "./reliability/test-support/serve-process.ts";
import { eventually } from "./test-support/start-test-gateway.ts";
import { appendToTestLog } from "./test-support/test-log.ts";

const BIN = fileURLToPath(new URL("../bin/reelay.js", import.meta.url));
const BUILT = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));

interface ServerProcess {
  child: ChildProcess;
  logs: string[];
}

/** Starts `reelay serve` as a real process and waits until it answers. */
async function startServer(port: number, dataDir: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, "serve", "--port", String(port), "--data-dir", dataDir], {
    env: { ...process.env, REELAY_LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  const source = `reelay serve pid=${child.pid}`;
  if (child.stdout) {
    createInterface({ input: child.stdout }).on("line", (line) => {
      logs.push(line);
      appendToTestLog(source, line);
    });
  }
  if (child.stderr)
    createInterface({ input: child.stderr }).on("line", (line) => appendToTestLog(`${source}: stderr`, line));
  await eventually(
    async () => {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
      return response?.ok ? true : undefined;
    },
    20_000,
    "the server to start",
  );
  return { child, logs };
}

function submissionsPerJob(logs: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of logs) {
    const entry = JSON.parse(line) as { msg?: string; jobId?: string };
    if (entry.msg === "submitted to provider" && entry.jobId)
      counts.set(entry.jobId, (counts.get(entry.jobId) ?? 0) + 1);
  }
  return counts;
}

describe("durability across a hard crash", () => {
  let dataDir = "";
  const children: ChildProcess[] = [];

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("finishes every job after SIGKILL and restart, none lost and none submitted twice", async () => {
    expect(existsSync(BUILT), "run `npm run build` first: this test starts the built CLI").toBe(true);
    dataDir = await mkdtemp(path.join(tmpdir(), "reelay-durability-"));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const first = await startServer(port, dataDir);
    children.push(first.child);

    const ids: string[] = [];
    for (let index = 0; index < 4; index++) {
      const response = await fetch(`${base}/api/v1/jobs`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: "local/preview",
          prompt: `crash test ${index}`,
          durationSeconds: 3,
          resolution: "360p",
        }),
      });
      expect(response.status).toBe(202);
      ids.push(((await response.json()) as JobView).id);
    }
    const jobs = async () =>
      Promise.all(ids.map(async (id) => (await (await fetch(`${base}/api/v1/jobs/${id}`)).json()) as JobView));

    const atCrash = await eventually(
      async () => {
        const views = await jobs();
        const rendering = views.some((view) => view.status === "running" && (view.progress?.value ?? 0) > 0);
        return rendering && views.some((view) => view.status === "queued") ? views : undefined;
      },
      30_000,
      "one job rendering while others wait",
    );
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    expect(atCrash.filter((view) => view.status === "succeeded").length).toBeLessThan(ids.length);

    const second = await startServer(port, dataDir);
    children.push(second.child);
    const finished = await eventually(
      async () => {
        const views = await jobs();
        return views.every((view) => ["succeeded", "failed", "cancelled"].includes(view.status)) ? views : undefined;
      },
      120_000,
      "every job to finish after the restart",
    );
    expect(finished.map((view) => view.status)).toEqual(ids.map(() => "succeeded"));
    for (const view of finished) {
      const content = await fetch(`${base}/api/v1/jobs/${view.id}/content`);
      expect(content.status).toBe(200);
      expect((await content.arrayBuffer()).byteLength).toBe(view.video?.sizeBytes);
    }

    const submissions = submissionsPerJob([...first.logs, ...second.logs]);
    expect(ids.map((id) => submissions.get(id))).toEqual(ids.map(() => 1));
    second.child.kill("SIGTERM");
  }, 180_000);
});
