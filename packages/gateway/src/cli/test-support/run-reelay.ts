import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { appendToTestLog } from "../../test-support/test-log.ts";

/** The installed entry point, which loads the built CLI (`dist/cli/main.js`). */
export const REELAY_BIN = fileURLToPath(new URL("../../../bin/reelay.js", import.meta.url));
const BUILT_MAIN = fileURLToPath(new URL("../../../dist/cli/main.js", import.meta.url));

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Fails the calling hook when the CLI has not been built, since these tests run the built files. */
export function expectBuiltCli(): void {
  expect(existsSync(BUILT_MAIN), "run `npx tsc -b` first: this test runs the built CLI").toBe(true);
}

/**
 * The environment a CLI run sees: the test's own, without the caller's Reelay settings, so a developer's
 * REELAY_URL or REELAY_API_KEY cannot change what a test talks to.
 */
export function cliEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const environment = { ...process.env };
  delete environment.REELAY_URL;
  delete environment.REELAY_API_KEY;
  return { ...environment, ...extra };
}

/** Flags whose value is a credential, shown as `[redacted]` in the test log. */
const SECRET_FLAGS = new Set(["--api-key", "--key"]);

/** `args` as the test log shows them, credentials left out. */
function loggedArgs(args: string[]): string {
  return args
    .map((arg, index) => {
      if (index > 0 && SECRET_FLAGS.has(args[index - 1] ?? "")) return "[redacted]";
      const flag = /^(--[\w-]+)=/.exec(arg)?.[1];
      return flag !== undefined && SECRET_FLAGS.has(flag) ? `${flag}=[redacted]` : arg;
    })
    .join(" ");
}

/**
 * Runs `reelay <args>` without a terminal and collects its output and exit status. Its stderr (the
 * diagnostics) is appended to the test log; its stdout is the command's answer, which for
 * `reelay keys create` is the new token itself, so it stays out of the log.
 */
export function runReelay(args: string[], cwd: string, environment: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [REELAY_BIN, ...args],
      { cwd, env: cliEnvironment({ REELAY_LOG_LEVEL: "debug", ...environment }), timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === "number" ? error.code : error ? 1 : 0;
        const source = `reelay ${loggedArgs(args)}`;
        appendToTestLog(source, `exited with ${code}, ${stdout.length} characters on stdout`);
        appendToTestLog(`${source}: stderr`, stderr);
        resolve({ code, stdout, stderr });
      },
    );
  });
}
