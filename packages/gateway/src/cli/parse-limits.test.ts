import { describe, expect, it } from "vitest";
import { CliError } from "./cli-error.ts";
import { EXIT } from "./exit-codes.ts";
import {
  formatBudget,
  formatConcurrency,
  formatRate,
  parseBudget,
  parseConcurrency,
  parseLimitFlags,
  parseRate,
} from "./parse-limits.ts";

/** The CliError a parse throws, so its message and exit status can be checked. */
function refusal(parse: () => unknown): CliError {
  try {
    parse();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error("the value was accepted");
}

describe("limit flags", () => {
  it("reads a rate per second, minute or hour", () => {
    expect(parseRate("60/min")).toEqual({ requests: 60, windowSeconds: 60 });
    expect(parseRate("5/s")).toEqual({ requests: 5, windowSeconds: 1 });
    expect(parseRate(" 1000/h ")).toEqual({ requests: 1000, windowSeconds: 3600 });
    expect(parseRate("none")).toBeNull();
  });

  it.each(["60", "60/day", "0/min", "-1/s", "1.5/s", "/min", "60/MIN", "60 / min", "", "99999999999999999/s"])(
    "refuses the rate %j, naming the flag and the allowed form",
    (value) => {
      const error = refusal(() => parseRate(value));
      expect(error.exitCode).toBe(EXIT.rejected);
      expect(error.message).toContain("--rate must be N/s, N/min or N/h");
      expect(error.message).toContain("none");
      expect(error.message).toContain(`got "${value}"`);
    },
  );

  it("reads a concurrency as a whole number above 0", () => {
    expect(parseConcurrency("4")).toBe(4);
    expect(parseConcurrency("none")).toBeNull();
    for (const value of ["0", "-2", "2.5", "four", "1e3", ""]) {
      expect(refusal(() => parseConcurrency(value)).message).toMatch(/^--concurrency must be a whole number above 0/);
    }
  });

  it("reads a budget in dollars, where 0 is a budget and none is no limit", () => {
    expect(parseBudget("50")).toBe(50);
    expect(parseBudget("12.50")).toBe(12.5);
    expect(parseBudget("0")).toBe(0);
    expect(parseBudget("none")).toBeNull();
    for (const value of ["-5", "$50", "50 USD", "1e3", "Infinity", "NaN", "", "9".repeat(400)]) {
      expect(refusal(() => parseBudget(value)).message).toMatch(/^--budget must be a dollar amount of 0 or more/);
    }
  });

  it("sets only the limits given, so the others keep their values", () => {
    expect(parseLimitFlags({})).toEqual({});
    expect(parseLimitFlags({ budget: "none" })).toEqual({ monthlyBudgetUsd: null });
    expect(parseLimitFlags({ rate: "10/s", concurrency: "2", budget: "1.25" })).toEqual({
      rate: { requests: 10, windowSeconds: 1 },
      maxRunningJobs: 2,
      monthlyBudgetUsd: 1.25,
    });
  });

  it("prints limits in the form the flags take", () => {
    for (const value of ["60/min", "5/s", "1000/h"]) expect(formatRate(parseRate(value))).toBe(value);
    expect(formatRate({ requests: 10, windowSeconds: 30 })).toBe("10/30s");
    expect(formatRate(null)).toBe("none");
    expect(formatConcurrency(3)).toBe("3");
    expect(formatConcurrency(null)).toBe("none");
    expect(formatBudget(50)).toBe("$50.00");
    expect(formatBudget(0.29)).toBe("$0.29");
    expect(formatBudget(0.125)).toBe("$0.125");
    expect(formatBudget(null)).toBe("none");
  });
});
