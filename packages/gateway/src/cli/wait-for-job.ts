import type { JobView } from "@reelay/client";
import { CliError } from "./cli-error.ts";
import type { CommandContext } from "./command-context.ts";
import { EXIT } from "./exit-codes.ts";
import { createProgressDisplay } from "./progress-display.ts";

/**
 * Follows a job's live events until it is terminal, showing its progress on stderr. Ctrl-C only stops
 * following: the job may be expensive and nearly done, so cancelling it is left to `reelay cancel`.
 */
export async function waitForJob(context: CommandContext, id: string): Promise<JobView> {
  const display = createProgressDisplay();
  const interruption = new AbortController();
  const interrupt = () => interruption.abort();
  // `once`: a second Ctrl-C gets Node's default handling and ends the process at once.
  process.once("SIGINT", interrupt);
  try {
    return await context.client.jobs.wait(id, {
      signal: interruption.signal,
      onUpdate: (job) => display.update(job),
    });
  } catch (error) {
    if (!interruption.signal.aborted) throw error;
    throw new CliError(
      `Stopped waiting; job ${id} keeps running on the server. To cancel it: ${context.commandLine(`cancel ${id}`)}`,
      EXIT.interrupted,
    );
  } finally {
    process.removeListener("SIGINT", interrupt);
    display.stop();
  }
}
