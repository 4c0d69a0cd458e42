import { ReelayApiError } from "@reelay/client";
import { ConfigError } from "../config.ts";
import { EXIT } from "./exit-codes.ts";

/** A CLI failure with the exit status it should end with. */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/** Message and exit status for anything a command threw. */
export function describeFailure(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof ConfigError) return { message: error.message, exitCode: EXIT.rejected };
  if (error instanceof ReelayApiError) {
    // The client already retried these, so the server is down, unreachable or hung.
    if (error.code === "network_error" || error.code === "timeout") {
      return {
        message: `${error.message.replace(/\.$/, "")}. Is \`reelay serve\` running?`,
        exitCode: EXIT.unreachable,
      };
    }
    // Each issue's message already names the allowed values; list them one per line.
    const message =
      error.issues.length > 0
        ? `Reelay refused the request (${error.code}):${error.issues.map((issue) => `\n  - ${issue.field}: ${issue.message}`).join("")}`
        : error.message;
    return { message, exitCode: error.status >= 500 ? EXIT.unreachable : EXIT.rejected };
  }
  return { message: error instanceof Error ? error.message : String(error), exitCode: EXIT.unreachable };
}
