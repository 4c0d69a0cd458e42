import { mkdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Where the test run keeps its logs: `<repo>/test-artifacts/logs/` (git-ignored). Every gateway a
 * test starts logs there at `debug`, and the spawned `reelay` processes' output goes there too, so
 * the last test of a run can check that no secret reached a log.
 */
export const TEST_LOG_DIR = fileURLToPath(new URL("../../../../test-artifacts/logs/", import.meta.url));

/** Vitest global setup: empties the directory, so the check sees this run's logs only. */
export function setup(): void {
  rmSync(TEST_LOG_DIR, { recursive: true, force: true });
  mkdirSync(TEST_LOG_DIR, { recursive: true });
}
