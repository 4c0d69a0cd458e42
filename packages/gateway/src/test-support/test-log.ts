import { mkdirSync, openSync, writeSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pino, type Logger } from "pino";
import { expect } from "vitest";
import { createLogger } from "../logger.ts";
import { TEST_LOG_DIR } from "./test-log-directory.ts";

export { TEST_LOG_DIR };

const PACKAGES_DIR = fileURLToPath(new URL("../../../", import.meta.url));

type Level = "debug" | "info" | "warn";

interface OpenLog {
  fd: number;
  loggers: Map<Level, Logger>;
}

/**
 * The log files this process has open, kept on `globalThis` so a module graph loaded again (one
 * per test file when files share a process) reuses the descriptor instead of opening another.
 */
const OPEN_LOGS_KEY = Symbol.for("reelay.test-logs");
const OPEN_LOGS: Map<string, OpenLog> = ((globalThis as { [OPEN_LOGS_KEY]?: Map<string, OpenLog> })[OPEN_LOGS_KEY] ??=
  new Map());

/** `gateway_src_cli_cli.test.ts.<pid>.log` for the running test file; one file per file and process. */
function logFileName(): string {
  const testPath = expect.getState().testPath;
  const test = testPath ? path.relative(PACKAGES_DIR, testPath).replace(/[\\/]+/g, "_") : "no-test-file";
  return `${test}.${process.pid}.log`;
}

/** The log file of the running test file in this process. */
export function testLogFile(): string {
  return path.join(TEST_LOG_DIR, logFileName());
}

function openLog(): OpenLog {
  const file = testLogFile();
  let log = OPEN_LOGS.get(file);
  if (log === undefined) {
    mkdirSync(TEST_LOG_DIR, { recursive: true });
    // Append-only and written synchronously: nothing is lost when the worker exits.
    log = { fd: openSync(file, "a"), loggers: new Map() };
    OPEN_LOGS.set(file, log);
  }
  return log;
}

/**
 * A logger for a gateway under test: the product's own (`createLogger`, with its redaction), at
 * `level` (`debug` by default), appending to this test file's log under `test-artifacts/logs/`.
 */
export function testLogger(level: Level = "debug"): Logger {
  const log = openLog();
  let logger = log.loggers.get(level);
  if (logger === undefined) {
    logger = createLogger(level, pino.destination({ dest: log.fd, sync: true }));
    log.loggers.set(level, logger);
  }
  return logger;
}

/** Appends `text` (a child process's output) to this test file's log, each line prefixed `[source] `. */
export function appendToTestLog(source: string, text: string): void {
  if (text === "") return;
  const lines = text.endsWith("\n") ? text.slice(0, -1) : text;
  writeSync(openLog().fd, `${lines.replace(/^/gm, `[${source}] `)}\n`);
}
