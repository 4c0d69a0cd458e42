import type { CreateJobRequest } from "@reelay/client";
import type { ImageField } from "./image-field.ts";
import type { ModelControls } from "./model-controls.ts";

/** Where the generate form's request comes from. */
export interface FormParts {
  form: HTMLFormElement;
  controls: ModelControls;
  images: { image: ImageField; lastFrame: ImageField };
}

/** The request the generate form describes. Hidden controls are disabled, so they add nothing. */
export function readRequest({ form, controls, images }: FormParts): CreateJobRequest {
  const data = new FormData(form);
  const text = (name: string) => {
    const value = data.get(name);
    return typeof value === "string" && value.trim() !== "" ? value : undefined;
  };
  const model = controls.model();
  const imageMode = controls.mode() === "image";
  const seed = text("seed");
  const personGeneration = text("personGeneration");
  const upload = (field: ImageField) => {
    const uploadId = imageMode ? field.uploadId() : undefined;
    return uploadId === undefined ? undefined : { uploadId };
  };
  return {
    model: model.id,
    prompt: text("prompt"),
    negativePrompt: text("negativePrompt"),
    durationSeconds: Number(data.get("durationSeconds")),
    aspectRatio: model.aspectRatios.find((ratio) => ratio === data.get("aspectRatio")),
    resolution: model.resolutions.find((resolution) => resolution === data.get("resolution")),
    seed: seed === undefined ? undefined : Number(seed),
    audio: model.audio === "optional" ? data.has("audio") : undefined,
    image: upload(images.image),
    lastFrame: upload(images.lastFrame),
    providerOptions: personGeneration === undefined ? undefined : { personGeneration },
    style: text("style"),
    category: text("category"),
  };
}
