import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const TESTS = "packages/*/src/**/*.test.ts";
/**
 * Tests that measure time (ETA accuracy) or load the machine with many processes (scale-out) run
 * after the rest, one file at a time: neither disturbs nor is disturbed by the timing of others.
 */
const QUIET_TESTS = "packages/*/src/**/*.quiet.test.ts";
/** Checks of the whole run's output (the logs under test-artifacts/logs/), after every other test. */
const LAST_TESTS = "packages/*/src/**/*.last.test.ts";

export default defineConfig({
  resolve: {
    alias: {
      "@reelay/client": fileURLToPath(new URL("./packages/client/src/index.ts", import.meta.url)),
    },
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default", "./scripts/summary-reporter.ts"],
    // Empties test-artifacts/logs/, where the gateways under test log, so the last check reads this run's logs.
    globalSetup: ["./packages/gateway/src/test-support/test-log-directory.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "parallel",
          include: [TESTS],
          exclude: [QUIET_TESTS, LAST_TESTS],
          // Many files mostly wait (on renders, provider poll intervals, retries): three at a time
          // keep two cores busy, where Vitest's default (cores - 1) would run them one by one.
          maxWorkers: 3,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: "quiet", include: [QUIET_TESTS], fileParallelism: false, sequence: { groupOrder: 1 } },
      },
      {
        extends: true,
        test: { name: "last", include: [LAST_TESTS], fileParallelism: false, sequence: { groupOrder: 2 } },
      },
    ],
  },
});
