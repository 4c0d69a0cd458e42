import { FakeRejection, onlyKeys, record } from "./veo-fake-checks.ts";
import type { FakeSurface, FakeVeoModel } from "./veo-fake-models.ts";
import { validateVeoParameters, type AcceptedParameters } from "./veo-fake-parameters.ts";

/*
 * The Veo fakes' request checks (shared/providers/google-veo.md §3, §10.8–9). Problems answer a
 * synchronous 400 INVALID_ARGUMENT, except an unsupported duration, which Google reports only
 * as an operation error with code 3: the fakes offer both behaviours. Error wording is ours
 * unless quoted from the reference.
 */

export interface AcceptedVeoRequest extends AcceptedParameters {
  prompt: string;
  mode: "text" | "image";
}

export type VeoValidation = { ok: true; request: AcceptedVeoRequest } | { ok: false; message: string };

const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"];
// unverified: Google counts 1,024 tokens; the fake estimates four characters a token.
const PROMPT_MAX_CHARS = 4 * 1024;

/** What the bytes are, from their first bytes. */
function sniffImage(bytes: Buffer): string | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "image/png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.toString("latin1", 0, 4) === "RIFF" && bytes.toString("latin1", 8, 12) === "WEBP") return "image/webp";
  return null;
}

function checkImage(value: unknown, where: string, surface: FakeSurface): void {
  const image = record(value, where);
  // The Gemini API takes only inline bytes; Vertex also takes a `gs://` object (§3).
  onlyKeys(
    image,
    surface === "vertex" ? ["bytesBase64Encoded", "gcsUri", "mimeType"] : ["bytesBase64Encoded", "mimeType"],
    where,
  );
  const { bytesBase64Encoded: bytes, gcsUri, mimeType } = image;
  if (typeof mimeType !== "string" || !IMAGE_TYPES.includes(mimeType)) {
    throw new FakeRejection(`${where}.mimeType must be one of ${IMAGE_TYPES.join(", ")}.`);
  }
  if (typeof gcsUri === "string") {
    if (bytes !== undefined) throw new FakeRejection(`${where} takes either bytesBase64Encoded or gcsUri, not both.`);
    if (!gcsUri.startsWith("gs://")) throw new FakeRejection(`${where}.gcsUri must be a gs:// URI.`);
    return;
  }
  if (typeof bytes !== "string" || bytes === "") throw new FakeRejection(`${where}.bytesBase64Encoded is required.`);
  if (bytes.startsWith("data:"))
    throw new FakeRejection(`${where}.bytesBase64Encoded must be plain base64, not a data URI.`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(bytes) || sniffImage(Buffer.from(bytes, "base64")) === null) {
    throw new FakeRejection(`Unable to process input image at ${where}: the bytes are not a JPEG, PNG or WebP image.`);
  }
}

function checkReferences(value: unknown, model: FakeVeoModel, surface: FakeSurface): number {
  if (!model.referenceImages) throw new FakeRejection("referenceImages is not supported by this model.");
  if (!Array.isArray(value) || value.length === 0 || value.length > 3) {
    throw new FakeRejection("referenceImages takes one to three images.");
  }
  value.forEach((item, index) => {
    const reference = record(item, `instances[0].referenceImages[${index}]`);
    checkImage(reference.image, `instances[0].referenceImages[${index}].image`, surface);
    // The docs write lower case, Google's JS SDK sends ASSET/STYLE: both are accepted (§3).
    const type = typeof reference.referenceType === "string" ? reference.referenceType.toLowerCase() : "";
    if (type !== "asset" && type !== "style") throw new FakeRejection("referenceType must be asset or style.");
  });
  return value.length;
}

/** Checks a create body for `model` on `surface`. */
export function validateVeoBody(body: unknown, model: FakeVeoModel, surface: FakeSurface): VeoValidation {
  try {
    const root = record(body, "body");
    // Top-level extras: `webhookConfig` only on the Gemini API, `labels` only on Vertex (§3).
    onlyKeys(root, ["instances", "parameters", surface === "gemini" ? "webhookConfig" : "labels"], "body");
    if (!Array.isArray(root.instances) || root.instances.length !== 1) {
      // unverified: Google's SDK always sends exactly one instance; what the API does with more is not documented.
      throw new FakeRejection("instances must hold exactly one instance.");
    }
    const instance = record(root.instances[0], "instances[0]");
    const instanceKeys = ["prompt", "image", "lastFrame", "video", "referenceImages"];
    onlyKeys(instance, surface === "vertex" ? [...instanceKeys, "mask"] : instanceKeys, "instances[0]");
    if (instance.video !== undefined || instance.mask !== undefined) {
      throw new FakeRejection("This fake does not simulate video extension or mask editing.");
    }
    const prompt = instance.prompt;
    if (prompt !== undefined && typeof prompt !== "string")
      throw new FakeRejection("instances[0].prompt must be a string.");
    if (instance.image !== undefined) checkImage(instance.image, "instances[0].image", surface);
    if (instance.lastFrame !== undefined) {
      if (!model.lastFrame) throw new FakeRejection("lastFrame is not supported by this model.");
      if (instance.image === undefined) throw new FakeRejection("lastFrame requires image.");
      checkImage(instance.lastFrame, "instances[0].lastFrame", surface);
    }
    const references =
      instance.referenceImages === undefined ? 0 : checkReferences(instance.referenceImages, model, surface);
    if ((prompt === undefined || prompt.trim() === "") && instance.image === undefined) {
      throw new FakeRejection("A prompt is required for text-to-video.");
    }
    if (prompt !== undefined && prompt.length > PROMPT_MAX_CHARS) {
      throw new FakeRejection("The prompt is longer than 1024 tokens.");
    }
    const mode = instance.image === undefined && references === 0 ? "text" : "image";
    const parameters = validateVeoParameters(root.parameters ?? {}, model, surface, {
      mode,
      lastFrame: instance.lastFrame !== undefined,
      references,
    });
    return { ok: true, request: { ...parameters, prompt: prompt ?? "", mode } };
  } catch (error) {
    if (error instanceof FakeRejection) return { ok: false, message: error.message };
    throw error;
  }
}
