import { Command, CommanderError } from "commander";
import { VERSION } from "../version.ts";
import { describeFailure } from "./cli-error.ts";
import { EXIT } from "./exit-codes.ts";
import { registerFake } from "./commands/fake.ts";
import { registerGenerate } from "./commands/generate.ts";
import { registerJobCommands } from "./commands/jobs.ts";
import { registerModels } from "./commands/models.ts";
import { registerServe } from "./commands/serve.ts";

const program = new Command()
  .name("reelay")
  .description("Self-hostable gateway for AI video generation")
  .version(VERSION)
  .option("--server <url>", "Reelay server for client commands (REELAY_URL, default http://127.0.0.1:8787)")
  .option("--json", "print machine-readable JSON on stdout")
  .exitOverride();

registerServe(program);
registerGenerate(program);
registerJobCommands(program);
registerModels(program);
registerFake(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Commander already printed the usage problem (or the help/version text that ends with code 0).
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.rejected;
    return;
  }
  const failure = describeFailure(error);
  process.stderr.write(`reelay: ${failure.message}\n`);
  process.exitCode = failure.exitCode;
});
