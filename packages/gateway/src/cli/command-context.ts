import type { Command } from "commander";
import { Reelay } from "@reelay/client";
import { cliServerUrl } from "../config.ts";

export interface GlobalOptions {
  url?: string;
  /** The former name of `--url`, still accepted so existing scripts keep working. */
  server?: string;
  /** From `--api-key` or `REELAY_API_KEY`. */
  apiKey?: string;
  json?: boolean;
}

export interface CommandContext {
  client: Reelay;
  json: boolean;
  print(value: unknown, text: string): void;
  /** A `reelay` command line reaching the same server, for hints such as how to cancel a job. */
  commandLine(args: string): string;
}

/** The client and output mode every client-side command shares. */
export function commandContext(command: Command): CommandContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  const json = options.json === true;
  const urlFlag = options.url ?? options.server;
  const baseUrl = cliServerUrl(process.env, urlFlag);
  return {
    client: new Reelay({ baseUrl, apiKey: options.apiKey }),
    json,
    print(value, text) {
      process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
    },
    // Only a server given as a flag needs repeating; REELAY_URL is still set in the user's shell.
    commandLine: (args) => (urlFlag === undefined ? `reelay ${args}` : `reelay --url ${baseUrl} ${args}`),
  };
}
