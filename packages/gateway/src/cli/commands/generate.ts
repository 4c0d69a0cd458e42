import { readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import type { Command } from "commander";
import type { AspectRatio, CreateJobRequest, Reelay, Resolution } from "@reelay/client";
import { CliError } from "../cli-error.ts";
import { commandContext } from "../command-context.ts";
import { EXIT } from "../exit-codes.ts";
import { describeJob } from "../format.ts";
import { saveVideo } from "../save-video.ts";
import { waitForJob } from "../wait-for-job.ts";

interface GenerateOptions {
  model?: string;
  preset?: string;
  style?: string;
  category?: string;
  duration?: string;
  aspect?: string;
  resolution?: string;
  seed?: string;
  negative?: string;
  audio?: boolean;
  image?: string;
  lastFrame?: string;
  out?: string;
  wait: boolean;
}

/** The model of a `generate` that names neither a model nor a preset. */
const DEFAULT_MODEL = "local/preview";

/** Parses a numeric flag, refusing anything that is not a number. */
function numberFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new CliError(`--${name} must be a number, got "${value}".`, EXIT.rejected);
  return parsed;
}

/** Uploads a local image file and returns its upload id. */
async function uploadImage(client: Reelay, file: string): Promise<string> {
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      `Cannot read ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}.`,
      EXIT.rejected,
    );
  });
  const upload = await client.uploads.create(new Blob([bytes]), basename(file));
  process.stderr.write(`Uploaded ${file} (${upload.width}×${upload.height}) as ${upload.id}\n`);
  return upload.id;
}

export function registerGenerate(program: Command): void {
  program
    .command("generate")
    .description("Generate a video from a prompt, show progress, and save it")
    .argument("<prompt>", "what the video should show (may be empty with --image on models that allow it)")
    .option("-m, --model <id>", "catalog model id (see `reelay models`); default local/preview, or the preset's")
    .option("--preset <id>", "start from a preset's model and parameters (see `reelay presets`)")
    .option("--style <id>", "apply a style to the prompt (see `reelay styles`)")
    .option("--category <id>", "file the video under a category (see `reelay categories`)")
    .option("--duration <seconds>", "length in seconds")
    .option("--aspect <ratio>", "aspect ratio, e.g. 16:9")
    .option("--resolution <res>", "resolution, e.g. 720p")
    .option("--seed <n>", "seed for reproducible output")
    .option("--negative <text>", "negative prompt")
    .option("--audio", "generate a soundtrack")
    .option("--image <file>", "first frame: an image file to animate (image-to-video)")
    .option("--last-frame <file>", "last frame: an image file the video ends on")
    .option("-o, --out <file>", "where to save the MP4 (default <job id>.mp4)")
    .option("--no-wait", "print the job and return without waiting")
    .action(async (prompt: string, options: GenerateOptions, command: Command) => {
      const context = commandContext(command);
      const image = options.image ? await uploadImage(context.client, options.image) : undefined;
      const lastFrame = options.lastFrame ? await uploadImage(context.client, options.lastFrame) : undefined;
      const request: CreateJobRequest = {
        model: options.model ?? (options.preset === undefined ? DEFAULT_MODEL : undefined),
        preset: options.preset,
        style: options.style,
        category: options.category,
        prompt,
        durationSeconds: numberFlag("duration", options.duration),
        aspectRatio: options.aspect as AspectRatio | undefined,
        resolution: options.resolution as Resolution | undefined,
        seed: numberFlag("seed", options.seed),
        negativePrompt: options.negative,
        audio: options.audio,
        ...(image ? { image: { uploadId: image } } : {}),
        ...(lastFrame ? { lastFrame: { uploadId: lastFrame } } : {}),
      };
      const created = await context.client.jobs.create(request);
      if (!options.wait) {
        context.print(created, describeJob(created));
        return;
      }
      process.stderr.write(`Job ${created.id} accepted\n`);
      const job = await waitForJob(context, created.id);
      if (job.status !== "succeeded") {
        context.print(job, describeJob(job));
        throw new CliError(`Job ${job.id} ${job.status}: ${job.failure?.message ?? "no video"}`, EXIT.jobFailed);
      }
      const path = resolve(options.out ?? `${job.id}.mp4`);
      await saveVideo(context.client, job.id, path);
      context.print({ ...job, savedTo: path }, `${describeJob(job)}\nSaved to ${path}`);
    });
}
