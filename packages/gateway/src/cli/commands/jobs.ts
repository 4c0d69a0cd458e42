import { resolve } from "node:path";
import type { Command } from "commander";
import type { JobStatus } from "@reelay/client";
import { CliError } from "../cli-error.ts";
import { commandContext } from "../command-context.ts";
import { EXIT } from "../exit-codes.ts";
import { describeJob, table } from "../format.ts";
import { saveVideo } from "../save-video.ts";
import { waitForJob } from "../wait-for-job.ts";

interface ListOptions {
  status?: JobStatus;
  model?: string;
  category?: string;
  search?: string;
  limit: string;
  cursor?: string;
}

export function registerJobCommands(program: Command): void {
  program
    .command("status")
    .description("Show a job")
    .argument("<id>", "job id")
    .option("-w, --watch", "follow the job's progress until it finishes, then show it")
    .action(async (id: string, options: { watch?: boolean }, command: Command) => {
      const context = commandContext(command);
      const job = options.watch ? await waitForJob(context, id) : await context.client.jobs.get(id);
      context.print(job, describeJob(job));
      // A watcher is a script's way to wait for the video, so its exit status must say whether it came.
      if (options.watch && job.status !== "succeeded") {
        throw new CliError(`Job ${job.id} ${job.status}: ${job.failure?.message ?? "no video"}`, EXIT.jobFailed);
      }
    });

  program
    .command("list")
    .description("List jobs, newest first")
    .option("--status <status>", "only jobs with this status")
    .option("--model <id>", "only jobs of this model")
    .option("--category <id>", "only jobs of this category")
    .option("--search <text>", "only jobs whose prompt contains this text (ignoring case)")
    .option("--limit <n>", "how many", "20")
    .option("--cursor <cursor>", "the next page, from a previous --json listing")
    .action(async ({ search, ...options }: ListOptions, command: Command) => {
      const context = commandContext(command);
      const page = await context.client.jobs.list({ ...options, q: search, limit: Number(options.limit) });
      const rows = page.data.map((job) => [
        job.id,
        job.status,
        job.progress ? `${Math.round(job.progress.value * 100)}%` : "",
        job.model,
        job.category ?? "",
        job.createdAt,
        job.request.prompt.slice(0, 40),
      ]);
      const more = page.nextCursor ? `\n(more: --cursor ${page.nextCursor})` : "";
      context.print(
        page,
        `${table(["ID", "STATUS", "PROGRESS", "MODEL", "CATEGORY", "CREATED", "PROMPT"], rows)}${more}`,
      );
    });

  program
    .command("cancel")
    .description("Cancel a job (upstream too, where the provider can)")
    .argument("<id>", "job id")
    .action(async (id: string, _options: unknown, command: Command) => {
      const context = commandContext(command);
      const job = await context.client.jobs.cancel(id);
      context.print(job, describeJob(job));
    });

  program
    .command("download")
    .description("Save a finished job's video")
    .argument("<id>", "job id")
    .option("-o, --out <file>", "where to save it (default <job id>.mp4)")
    .action(async (id: string, options: { out?: string }, command: Command) => {
      const context = commandContext(command);
      const path = resolve(options.out ?? `${id}.mp4`);
      const sizeBytes = await saveVideo(context.client, id, path);
      context.print({ id, savedTo: path, sizeBytes }, `Saved to ${path}`);
    });
}
