/**
 * The fake Vidu's create validation (shared/providers/vidu.md §2, §3, §10.2): per route and model,
 * with Vidu's reasons and message templates. The first problem found is answered.
 */
import sharp from "sharp";
import { VIDU_MOVEMENT_AMPLITUDES, type ViduEndpoint } from "./api.ts";
import { FAKE_MODEL_RULES, type FakeModelRule } from "./fake-models.ts";

/** A refusal, answered as Vidu's `{code, reason, message, metadata}` envelope. */
export interface ViduFakeRefusal {
  status: number;
  reason: string;
  message: string;
  fields?: string[];
}

/** A create the fake accepted, with every default applied. */
export interface AcceptedCreate {
  model: string;
  prompt: string;
  duration: number;
  resolution: string;
  aspectRatio: string | undefined;
  /** 0 or absent means random: the fake draws one, as Vidu echoes the seed used. */
  seed: number | undefined;
  movementAmplitude: string;
  bgm: boolean;
  audio: boolean | undefined;
  payload: string;
  /** Where state changes are posted, when the create asked for callbacks. */
  callbackUrl: string | undefined;
  images: string[];
  /** The shape of the output: the aspect ratio on text2video, the first image's otherwise. */
  widthOverHeight: number;
}

const IMAGE_COUNT: Record<ViduEndpoint, number> = { "/text2video": 0, "/img2video": 1, "/start-end2video": 2 };
const DATA_URI = /^data:image\/(png|jpeg|jpg|webp);base64,([A-Za-z0-9+/]*={0,2})$/i;
const MAX_PAYLOAD_CHARS = 1_048_576;
// 2025 docs: decoded base64 under 10 MB.
const MAX_DECODED_BYTES = 10_000_000;

const invalid = (field: string): ViduFakeRefusal => ({
  status: 400,
  reason: "FieldInvalid",
  message: `invalid field: ${field}`,
  fields: [field],
});
const lacking = (field: string): ViduFakeRefusal => ({
  status: 400,
  reason: "FieldLacking",
  message: `field is missing or empty: ${field}`,
  fields: [field],
});
// unverified: that unwanted fields are refused rather than ignored ("plausible" per §10.2).
const unwanted = (field: string): ViduFakeRefusal => ({
  status: 400,
  reason: "FieldUnwanted",
  message: `unwanted field: ${field}`,
  fields: [field],
});

/** Width ÷ height of one image, or a refusal. URLs are accepted unfetched (the fake is offline). */
async function imageShape(value: unknown): Promise<number | ViduFakeRefusal> {
  if (typeof value !== "string" || value === "") return invalid("images");
  if (/^https?:\/\//i.test(value)) return 16 / 9;
  const match = DATA_URI.exec(value);
  if (match === null) {
    return { status: 400, reason: "ImageFormatInvalid", message: "invalid image format" };
  }
  const bytes = Buffer.from(match[2] ?? "", "base64");
  if (bytes.length >= MAX_DECODED_BYTES)
    return { status: 400, reason: "PageSizeOutOfRange", message: "image too large" };
  const metadata = await sharp(bytes)
    .metadata()
    .catch(() => null);
  if (
    metadata === null ||
    !["png", "jpeg", "webp"].includes(metadata.format ?? "") ||
    !metadata.width ||
    !metadata.height
  ) {
    return { status: 400, reason: "ImageFormatInvalid", message: "invalid image format" };
  }
  const ratio = metadata.width / metadata.height;
  // unverified: the message; the reason is Vidu's (reused for image problems).
  if (ratio < 0.25 || ratio > 4) {
    return { status: 400, reason: "PageSizeOutOfRange", message: "image aspect ratio out of range" };
  }
  return ratio;
}

async function checkImages(endpoint: ViduEndpoint, images: unknown): Promise<number | ViduFakeRefusal | undefined> {
  const count = IMAGE_COUNT[endpoint];
  if (count === 0) return images === undefined ? undefined : unwanted("images");
  if (images === undefined) return lacking("images");
  if (!Array.isArray(images) || images.length !== count) {
    return {
      status: 400,
      reason: "FieldItemCountOutOfRange",
      message: "field item count out of range: images",
      fields: ["images"],
    };
  }
  const shapes: number[] = [];
  for (const image of images) {
    const shape = await imageShape(image);
    if (typeof shape !== "number") return shape;
    shapes.push(shape);
  }
  const [first = 1, last = first] = shapes;
  // start-end2video: the frames' aspect ratios within 0.8–1.25 of each other. unverified: the reason.
  if (last / first < 0.8 || last / first > 1.25) return invalid("images");
  return first;
}

const isInteger = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value);

function checkScalars(
  rule: FakeModelRule,
  body: Record<string, unknown>,
  endpoint: ViduEndpoint,
): ViduFakeRefusal | null {
  const { prompt, duration, resolution, aspect_ratio, seed, movement_amplitude, bgm, audio, payload } = body;
  if (prompt !== undefined && typeof prompt !== "string") return invalid("prompt");
  if (endpoint === "/text2video" && (prompt ?? "") === "") return lacking("prompt");
  if (typeof prompt === "string" && prompt.length > rule.promptMaxChars) return invalid("prompt");
  if (duration !== undefined && !(isInteger(duration) && rule.durations.includes(duration))) return invalid("duration");
  const finalDuration = (duration as number | undefined) ?? rule.defaultDuration;
  if (resolution !== undefined && !rule.resolutionsAt(finalDuration).includes(resolution as string)) {
    return invalid("resolution");
  }
  if (endpoint !== "/text2video" && aspect_ratio !== undefined) return unwanted("aspect_ratio");
  if (endpoint !== "/text2video" && body.style !== undefined) return unwanted("style");
  if (aspect_ratio !== undefined && !(rule.aspectRatios ?? []).includes(aspect_ratio as string)) {
    return invalid("aspect_ratio");
  }
  if (seed !== undefined && !(isInteger(seed) && seed >= 0 && seed < 2 ** 32)) return invalid("seed");
  if (
    movement_amplitude !== undefined &&
    !(VIDU_MOVEMENT_AMPLITUDES as readonly unknown[]).includes(movement_amplitude)
  ) {
    return invalid("movement_amplitude");
  }
  if (bgm !== undefined && typeof bgm !== "boolean") return invalid("bgm");
  if (audio !== undefined && typeof audio !== "boolean") return invalid("audio");
  // unverified: q3 has "no bgm"; the fake refuses it rather than ignoring it.
  if (bgm !== undefined && rule.sound === "audio") return unwanted("bgm");
  if (bgm === true && rule.bgmDurations !== undefined && !rule.bgmDurations.includes(finalDuration)) {
    return invalid("bgm");
  }
  if (payload !== undefined && (typeof payload !== "string" || payload.length > MAX_PAYLOAD_CHARS)) {
    return invalid("payload");
  }
  // unverified: what Vidu checks of `callback_url`; the fake needs a URL it can post to.
  if (body.callback_url !== undefined && !(typeof body.callback_url === "string" && URL.canParse(body.callback_url))) {
    return invalid("callback_url");
  }
  return null;
}

/** Checks a create body for `endpoint`; `retiredModels` answer `ModelUnavailable`. */
export async function validateCreate(
  endpoint: ViduEndpoint,
  body: unknown,
  retiredModels: ReadonlySet<string>,
): Promise<{ create: AcceptedCreate } | { refusal: ViduFakeRefusal }> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { refusal: { status: 400, reason: "BadRequest", message: "bad request" } };
  }
  const fields = body as Record<string, unknown>;
  const model = fields.model;
  if (typeof model !== "string" || model === "") return { refusal: lacking("model") };
  if (retiredModels.has(model))
    return { refusal: { status: 400, reason: "ModelUnavailable", message: "model unavailable" } };
  const rule = FAKE_MODEL_RULES[endpoint][model];
  if (rule === undefined) return { refusal: invalid("model") };
  const scalar = checkScalars(rule, fields, endpoint);
  if (scalar !== null) return { refusal: scalar };
  const shape = await checkImages(endpoint, fields.images);
  if (typeof shape === "object") return { refusal: shape };

  const duration = (fields.duration as number | undefined) ?? rule.defaultDuration;
  const aspectRatio = endpoint === "/text2video" ? ((fields.aspect_ratio as string | undefined) ?? "16:9") : undefined;
  const [aspectWidth = 16, aspectHeight = 9] = (aspectRatio ?? "16:9").split(":").map(Number);
  return {
    create: {
      model,
      prompt: (fields.prompt as string | undefined) ?? "",
      duration,
      resolution: (fields.resolution as string | undefined) ?? rule.resolutionsAt(duration)[0] ?? "720p",
      aspectRatio,
      seed: fields.seed as number | undefined,
      movementAmplitude: (fields.movement_amplitude as string | undefined) ?? "auto",
      bgm: fields.bgm === true,
      audio: rule.sound === "audio" ? ((fields.audio as boolean | undefined) ?? true) : undefined,
      payload: (fields.payload as string | undefined) ?? "",
      callbackUrl: fields.callback_url as string | undefined,
      images: (fields.images as string[] | undefined) ?? [],
      widthOverHeight: shape ?? aspectWidth / aspectHeight,
    },
  };
}
