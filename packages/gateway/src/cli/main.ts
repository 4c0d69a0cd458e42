import { Command, CommanderError, Option } from "commander";
import { VERSION } from "../version.ts";
import { describeFailure } from "./cli-error.ts";
import type { GlobalOptions } from "./command-context.ts";
import { EXIT } from "./exit-codes.ts";
import { redactSecret } from "./redact-secret.ts";
import { registerDoctor } from "./commands/doctor.ts";
import { registerFake } from "./commands/fake.ts";
import { registerGenerate } from "./commands/generate.ts";
import { registerJobCommands } from "./commands/jobs.ts";
import { registerKeyCommands } from "./commands/keys.ts";
import { registerMigrate } from "./commands/migrate.ts";
import { registerModels } from "./commands/models.ts";
import { registerPresetCommands } from "./commands/presets.ts";
import { registerServe } from "./commands/serve.ts";

const program = new Command()
  .name("reelay")
  .description("Self-hostable gateway for AI video generation")
  .version(VERSION)
  .option("--url <url>", "Reelay server for client commands (REELAY_URL, default http://127.0.0.1:8787)")
  .addOption(new Option("--server <url>", "former name of --url").hideHelp())
  .addOption(new Option("--api-key <key>", "API key, sent to the server as a bearer token").env("REELAY_API_KEY"))
  .option("--json", "print machine-readable JSON on stdout")
  .exitOverride();

/** The API key as parsed so far; an error page or usage message may quote it back. */
const apiKey = () => program.opts<GlobalOptions>().apiKey ?? process.env.REELAY_API_KEY;

program.configureOutput({ writeErr: (text) => process.stderr.write(redactSecret(text, apiKey())) });

registerServe(program);
registerGenerate(program);
registerJobCommands(program);
registerModels(program);
registerPresetCommands(program);
registerFake(program);
registerKeyCommands(program);
registerMigrate(program);
registerDoctor(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Commander already printed the usage problem (or the help/version text that ends with code 0).
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.rejected;
    return;
  }
  const failure = describeFailure(error);
  process.stderr.write(`reelay: ${redactSecret(failure.message, apiKey())}\n`);
  process.exitCode = failure.exitCode;
});
