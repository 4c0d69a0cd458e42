import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

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

/** Runs `reelay <args>` without a terminal and collects its output and exit status. */
export function runReelay(args: string[], cwd: string, environment: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [REELAY_BIN, ...args],
      { cwd, env: cliEnvironment(environment), timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === "number" ? error.code : error ? 1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
