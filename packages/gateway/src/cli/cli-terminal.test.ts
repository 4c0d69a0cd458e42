import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import path from "node:path";
import { Reelay } from "@reelay/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeVideo } from "../media/probe-video.ts";
import { eventually, startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";
import { appendToTestLog } from "../test-support/test-log.ts";
import { cliEnvironment, expectBuiltCli, REELAY_BIN } from "./test-support/run-reelay.ts";

/** util-linux `script`, which runs a command on a pseudo-terminal and copies what the terminal shows. */
function findScript(): string | undefined {
  return (process.env.PATH ?? "")
    .split(path.delimiter)
    .map((directory) => path.join(directory, "script"))
    .find((file) => existsSync(file));
}

/** One word for `sh -c`, whatever characters it holds. */
function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Runs a shell command on a pseudo-terminal; resolves with everything it showed and its exit status. */
async function runOnTerminal(script: string, command: string, cwd: string): Promise<{ code: number; shown: string }> {
  // -q: no banner, -f: flush as it comes, -e: the command's exit status, -c: the command; /dev/null: no typescript file.
  const child = spawn(script, ["-qfec", command, "/dev/null"], {
    cwd,
    env: cliEnvironment({ SHELL: "/bin/sh" }),
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 120_000,
  });
  let shown = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (shown += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, "close")) as [number | null];
  appendToTestLog(`${command} on a terminal`, `exited with ${code}\n${shown}`);
  appendToTestLog(`${command} on a terminal: stderr`, stderr);
  return { code: code ?? -1, shown };
}

describe("the reelay CLI, used interactively", () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    expectBuiltCli();
    gateway = await startTestGateway();
  });
  afterAll(async () => {
    await gateway?.dispose();
  });

  it("draws a progress bar with the ETA on a terminal and saves the video", async () => {
    const script = findScript();
    if (script === undefined) {
      throw new Error("This test needs util-linux `script` (/usr/bin/script) to give the CLI a terminal.");
    }
    const file = path.join(gateway.dataDir, "terminal.mp4");
    // Quotes, `&` and `$` in the prompt prove the command reaches the CLI word for word.
    const prompt = `a lighthouse at dusk, 'wide' & $HOME`;
    const words = [process.execPath, REELAY_BIN, "--url", gateway.url, "generate", prompt];
    words.push("--model", "local/preview", "--duration", "2", "--out", file);
    const { code, shown } = await runOnTerminal(script, words.map(shellQuote).join(" "), gateway.dataDir);

    expect(code, shown).toBe(0);
    expect(shown).toMatch(/[█░]{30} \d+% \| running, about \d+ s left/);
    expect(shown).toMatch(/█{30} 100% \| succeeded/);
    expect(shown).toContain(`prompt:   ${prompt}`);
    expect(shown).toContain(`Saved to ${file}`);
    const probe = await probeVideo(file);
    expect(Math.abs(probe.durationSeconds - 2)).toBeLessThanOrEqual(0.1);
  });

  it("stops waiting on Ctrl-C, leaves the job running and says how to cancel it", async () => {
    const child = spawn(
      process.execPath,
      [REELAY_BIN, "--url", gateway.url, "generate", "a slow tide", "--duration", "4", "--out", "tide.mp4"],
      { cwd: gateway.dataDir, env: cliEnvironment(), stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const closed = once(child, "close");
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`The CLI ended before the job ran:\n${stderr}`);
        return /^running \d+%/m.test(stderr) ? true : undefined;
      },
      30_000,
      "a running line",
    );
    const id = /Job (job_\w+) accepted/.exec(stderr)?.[1] ?? "";
    child.kill("SIGINT");
    const [code] = (await closed) as [number | null];
    appendToTestLog("reelay generate, interrupted: stderr", stderr);

    expect(code).toBe(130);
    expect(stderr).toContain(`job ${id} keeps running on the server`);
    expect(stderr).toContain(`reelay --url ${gateway.url} cancel ${id}`);
    expect(existsSync(path.join(gateway.dataDir, "tide.mp4"))).toBe(false);
    const job = await new Reelay({ baseUrl: gateway.url }).jobs.wait(id);
    expect(job).toMatchObject({ status: "succeeded", cancelRequestedAt: null });
  });
});
