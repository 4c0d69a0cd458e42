import type { CreateJobRequest, JobView } from "@reelay/client";

function unlessEmpty<T extends object>(record: T): T | undefined {
  return Object.keys(record).length > 0 ? record : undefined;
}

/**
 * The request that makes a job like `job` again: its parameters as it ran, every default written
 * out. The prompt is the one the provider got (a style is already applied), so the style and preset
 * are not named again; the category is.
 */
export function requestFromJob(job: JobView): CreateJobRequest {
  const { request } = job;
  return {
    model: request.model,
    prompt: request.prompt,
    negativePrompt: request.negativePrompt,
    durationSeconds: request.durationSeconds,
    aspectRatio: request.aspectRatio,
    resolution: request.resolution,
    seed: request.seed,
    audio: request.audio,
    image: request.image,
    lastFrame: request.lastFrame,
    providerOptions: unlessEmpty(request.providerOptions),
    metadata: unlessEmpty(request.metadata),
    webhookUrl: request.webhookUrl,
    category: job.category ?? undefined,
  };
}
