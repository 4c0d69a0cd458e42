import type { UploadView } from "@reelay/client";
import { find, messageOf } from "./dom.ts";
import { formatBytes } from "./format.ts";
import { reelay } from "./reelay.ts";

/** A first- or last-frame field: a drop zone and file picker that upload the image at once. */
export interface ImageField {
  /** The upload to send with the request; undefined when there is none (or it is still uploading). */
  uploadId(): string | undefined;
  /** Resolves once no upload is in flight. */
  settled(): Promise<void>;
  /** Shows an image uploaded earlier, e.g. the one a job was made from. */
  showUpload(uploadId: string): Promise<void>;
  /** Removes the image. */
  clear(): void;
}

const describe = (upload: UploadView) =>
  `${upload.width}×${upload.height} ${upload.mediaType.replace("image/", "").toUpperCase()}, ${formatBytes(upload.sizeBytes)}`;

/** Wires the field rendered by `ImageField` in `form-parts.tsx`; `onChange` runs when its upload changes. */
export function createImageField(wrapper: HTMLElement, onChange: () => void): ImageField {
  const zone = find(wrapper, "[data-dropzone]", HTMLElement);
  const input = find(wrapper, 'input[type="file"]', HTMLInputElement);
  const preview = find(wrapper, '[data-role="preview"]', HTMLImageElement);
  const facts = find(wrapper, '[data-role="facts"]', HTMLElement);
  const remove = find(wrapper, '[data-role="remove"]', HTMLButtonElement);
  let current: string | undefined;
  let pending: Promise<void> = Promise.resolve();
  let previewUrl: string | undefined;

  function setPreview(file: File | undefined): void {
    if (previewUrl !== undefined) URL.revokeObjectURL(previewUrl);
    previewUrl = file === undefined ? undefined : URL.createObjectURL(file);
    preview.hidden = previewUrl === undefined;
    if (previewUrl === undefined) preview.removeAttribute("src");
    else preview.src = previewUrl;
  }

  function showFacts(text: string, failed = false): void {
    facts.textContent = text;
    facts.classList.toggle("upload-error", failed);
  }

  async function upload(file: File): Promise<void> {
    current = undefined;
    setPreview(file);
    remove.hidden = false;
    showFacts(`Uploading ${file.name} (${formatBytes(file.size)})…`);
    onChange();
    try {
      const uploaded = await reelay.uploads.create(file, file.name);
      current = uploaded.id;
      showFacts(`${file.name}: ${describe(uploaded)}.`);
    } catch (error) {
      setPreview(undefined);
      showFacts(`${file.name} could not be used: ${messageOf(error)}`, true);
    }
    onChange();
  }

  const take = (file: File | undefined) => {
    if (file !== undefined) pending = upload(file);
  };

  input.addEventListener("change", () => take(input.files?.[0]));
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    const files = event.dataTransfer?.files;
    if (files === undefined || files.length === 0) return;
    input.files = files;
    take(files[0]);
  });

  const field: ImageField = {
    uploadId: () => current,
    settled: () => pending,
    async showUpload(uploadId) {
      current = uploadId;
      setPreview(undefined);
      remove.hidden = false;
      try {
        showFacts(`The job's image: ${describe(await reelay.uploads.get(uploadId))}.`);
      } catch (error) {
        showFacts(`The job's image (${uploadId}) could not be read: ${messageOf(error)}`, true);
      }
    },
    clear() {
      current = undefined;
      input.value = "";
      setPreview(undefined);
      showFacts("");
      remove.hidden = true;
      onChange();
    },
  };
  remove.addEventListener("click", () => field.clear());
  return field;
}
