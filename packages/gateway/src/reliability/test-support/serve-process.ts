import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

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

/** `reelay serve` running as a child process. */
export interface ServeProcess {
  child: ChildProcess;
  /** The last lines it wrote (stdout and stderr). */
  output: string[];
  /** Sends `signal` and waits until the process is gone. */
  stop(signal: "SIGKILL" | "SIGTERM"): Promise<void>;
}

/**
 * Starts `reelay serve` on `port` and `dataDir` with `environment` (and no other `REELAY_*`
 * setting of this process), and waits until it answers `/healthz`.
 */
export async function startServe(
  port: number,
  dataDir: string,
  environment: Record<string, string>,
): Promise<ServeProcess> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("REELAY_")));
  const child = spawn(process.execPath, [REELAY_BIN, "serve", "--port", String(port), "--data-dir", dataDir], {
    env: { ...inherited, ...environment },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue;
    createInterface({ input: stream }).on("line", (line) => {
      output.push(line);
      if (output.length > KEPT_LINES) output.shift();
    });
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const startedAt = Date.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`reelay serve exited before answering:\n${output.join("\n")}`);
    }
    const answer = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
    if (answer?.ok) break;
    if (Date.now() - startedAt > 30_000) {
      child.kill("SIGKILL");
      throw new Error(`reelay serve did not answer within 30 s:\n${output.join("\n")}`);
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
