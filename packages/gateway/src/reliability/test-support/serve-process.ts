import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { appendToTestLog } from "../../test-support/test-log.ts";

/** The built CLI, as users run it. */
export const REELAY_BIN = fileURLToPath(new URL("../../../bin/reelay.js", import.meta.url));
export const BUILT_CLI = fileURLToPath(new URL("../../../dist/cli/main.js", import.meta.url));

/** Lines kept from each process's output, for the message of a failing test. */
const KEPT_LINES = 50;

/** A port that was free a moment ago, so a restarted server can take the same one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** `reelay serve` or `reelay worker` running as a child process. */
export interface ServeProcess {
  child: ChildProcess;
  /** The last lines it wrote (stdout and stderr). */
  output: string[];
  /** Sends `signal` and waits until the process is gone. */
  stop(signal: "SIGKILL" | "SIGTERM"): Promise<void>;
}

/**
 * Starts `reelay <args>` with `environment` (and no other `REELAY_*` setting of this process;
 * logging at `debug` unless `environment` sets `REELAY_LOG_LEVEL`), and waits until `ready` says
 * so, within 30 s. Its output is appended to the test log as well.
 */
async function startReelay(
  args: string[],
  environment: Record<string, string>,
  ready: (output: readonly string[]) => Promise<boolean>,
): Promise<ServeProcess> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("REELAY_")));
  const child = spawn(process.execPath, [REELAY_BIN, ...args], {
    env: { ...inherited, REELAY_LOG_LEVEL: "debug", ...environment },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  /** Every line it wrote, for `ready`: the kept lines may have moved past the one it looks for. */
  const everything: string[] = [];
  for (const [name, stream] of [
    ["stdout", child.stdout],
    ["stderr", child.stderr],
  ] as const) {
    if (stream === null) continue;
    const source = `reelay ${args[0]} pid=${child.pid} ${name}`;
    createInterface({ input: stream }).on("line", (line) => {
      appendToTestLog(source, line);
      if (everything.length < 1_000) everything.push(line);
      output.push(line);
      if (output.length > KEPT_LINES) output.shift();
    });
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const startedAt = Date.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`reelay ${args[0]} exited before it was ready:\n${output.join("\n")}`);
    }
    if (await ready(everything)) break;
    if (Date.now() - startedAt > 30_000) {
      child.kill("SIGKILL");
      throw new Error(`reelay ${args[0]} was not ready within 30 s:\n${output.join("\n")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    output,
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Starts `reelay serve` on `port` and `dataDir`, and waits until it answers `/healthz`. */
export function startServe(
  port: number,
  dataDir: string,
  environment: Record<string, string>,
  extraArgs: string[] = [],
): Promise<ServeProcess> {
  return startReelay(["serve", "--port", String(port), "--data-dir", dataDir, ...extraArgs], environment, async () => {
    const answer = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
    return answer?.ok === true;
  });
}

/** Starts `reelay worker` on `dataDir`, and waits until it says it runs. */
export function startWorker(dataDir: string, environment: Record<string, string>): Promise<ServeProcess> {
  return startReelay(["worker", "--data-dir", dataDir], environment, async (lines) =>
    lines.some((line) => line.startsWith("Reelay worker is running")),
  );
}
