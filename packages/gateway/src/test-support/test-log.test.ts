import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appendToTestLog, TEST_LOG_DIR, testLogFile, testLogger } from "./test-log.ts";

describe("the test log", () => {
  it("is this test file's own file under test-artifacts/logs/", () => {
    expect(path.dirname(testLogFile())).toBe(path.resolve(TEST_LOG_DIR));
    expect(path.basename(testLogFile())).toBe(`gateway_src_test-support_test-log.test.ts.${process.pid}.log`);
  });

  it("gets every line at once, through the product logger's redaction", () => {
    const logger = testLogger();
    logger.debug({ probe: "test-log-1", apiKey: "not-logged-3f9a", headers: { authorization: "Bearer x" } }, "probe");
    const line = readFileSync(testLogFile(), "utf8")
      .split("\n")
      .find((entry) => entry.includes('"probe":"test-log-1"'));
    expect(JSON.parse(line ?? "{}")).toMatchObject({ level: 20, msg: "probe", apiKey: "[redacted]" });
    expect(line).not.toContain("not-logged-3f9a");
    expect(testLogger()).toBe(logger);
  });

  it("prefixes each line of a child's output with where it came from", () => {
    appendToTestLog("child pid=1 stderr", "first\nsecond\n");
    const text = readFileSync(testLogFile(), "utf8");
    expect(text).toContain("[child pid=1 stderr] first\n[child pid=1 stderr] second\n");
  });
});
