import type { JobView } from "@reelay/client";
import type { FormParts } from "./form-request.ts";

/** Shows a job's settings in the generate form, as a starting point for the next video. */
export async function fillForm({ form, controls, images }: FormParts, job: JobView): Promise<void> {
  const { request } = job;
  controls.choose(request.model);
  controls.setMode(request.image === undefined ? "text" : "image");
  const values: Record<string, string> = {
    prompt: request.prompt,
    negativePrompt: request.negativePrompt ?? "",
    durationSeconds: String(request.durationSeconds),
    aspectRatio: request.aspectRatio,
    resolution: request.resolution,
    seed: request.seed === undefined ? "" : String(request.seed),
    preset: "",
    style: "",
    category: job.category ?? "",
  };
  for (const [id, value] of Object.entries(values)) {
    const control = form.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(`#${id}`);
    if (control !== null) control.value = value;
  }
  const audio = form.querySelector<HTMLInputElement>("#audio");
  if (audio !== null && !audio.disabled) audio.checked = request.audio;
  await Promise.all(
    (["image", "lastFrame"] as const).map((field) => {
      const uploadId = request[field]?.uploadId;
      return uploadId === undefined ? images[field].clear() : images[field].showUpload(uploadId);
    }),
  );
}
