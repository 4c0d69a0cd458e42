import type { Command } from "commander";
import { VERSION } from "../../version.ts";
import type { GlobalOptions } from "../command-context.ts";
import { EXIT } from "../exit-codes.ts";

export function registerDoctor(program: Command): void {
  program
    .command("doctor")
    .description(
      "Check the configuration, database, storage, media codecs and every configured provider's key, changing nothing",
    )
    .option("-d, --data-dir <dir>", "the server's data dir (REELAY_DATA_DIR, default ./data)")
    .action(async (options: { dataDir?: string }, command: Command) => {
      // Loaded here: the checks pull in the codecs, the database drivers and every adapter.
      const { runDoctor } = await import("../doctor/run-doctor.ts");
      const report = await runDoctor(process.env, { REELAY_DATA_DIR: options.dataDir });
      if (command.optsWithGlobals<GlobalOptions>().json === true) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        const { formatReport } = await import("../doctor/format-report.ts");
        process.stdout.write(formatReport(report, VERSION));
      }
      process.exitCode = report.ok ? EXIT.ok : EXIT.checksFailed;
    });
}
