import type { Command } from "commander";
import { Reelay } from "@reelay/client";
import { cliServerUrl } from "../config.ts";

export interface GlobalOptions {
  server?: string;
  json?: boolean;
}

/** The client and output mode every client-side command shares. */
export function commandContext(command: Command): {
  client: Reelay;
  json: boolean;
  print(value: unknown, text: string): void;
} {
  const options = command.optsWithGlobals<GlobalOptions>();
  const json = options.json === true;
  return {
    client: new Reelay({ baseUrl: cliServerUrl(process.env, options.server) }),
    json,
    print(value, text) {
      process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
    },
  };
}
